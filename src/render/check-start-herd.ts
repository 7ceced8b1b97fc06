// CP3007: a package that starts more than maxStartsPerMinute jobs in one minute. Every box starts
// every line of a cron.d file, so that many node processes and ZooKeeper sessions at once; the
// warning sits on the first such job's time: and names the others, with the hint to use H.
import type { CronpackConfig } from '../config/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/report.js';
import { packagePeaks } from '../load/index.js';
import type { Job } from '../model/types.js';

const NAMED = 3;

export function checkStartHerd(jobs: readonly Job[], config: Pick<CronpackConfig, 'maxStartsPerMinute'>): Diagnostic[] {
  const byWhere = new Map(jobs.map((job) => [`${job.script}:${job.block.span.line}`, job]));
  const peaks = packagePeaks(
    [...byWhere].map(([where, job]) => ({ package: job.package, where, model: job.model })),
    config.maxStartsPerMinute,
  );
  return peaks.map((peak) => {
    const [first, ...rest] = peak.jobs.map((j) => byWhere.get(j.where)!).sort((a, b) => (a.script < b.script ? -1 : a.script > b.script ? 1 : a.block.span.line - b.block.span.line));
    const named = rest.slice(0, NAMED).map((job) => `${job.script}:${job.block.span.line}`);
    const others = rest.length > NAMED ? `${named.join(', ')} and ${rest.length - NAMED} more` : named.join(', ');
    return createDiagnostic(first!.script, {
      messageId: 'startHerd',
      loc: first!.block.fields.time?.valueSpan ?? first!.block.span,
      data: { package: peak.package, count: peak.starts, when: peak.time, max: config.maxStartsPerMinute, others },
    });
  });
}
