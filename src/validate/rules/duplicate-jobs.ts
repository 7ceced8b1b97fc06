import type { DiagnosticSink } from '../../diagnostics/report.js';
import type { Job } from '../../model/types.js';

/** The identity of a job: the same script, package and params would share one lock. */
const identity = (job: Job): string => [job.script, job.package, ...job.params].join('\0');

/** Reports jobs declared twice and returns the list with the later copies removed. */
export function dropDuplicateJobs(jobs: readonly Job[], sink: DiagnosticSink): Job[] {
  if (jobs.length < 2) return [...jobs]; // most scripts have one job: nothing to compare
  const seen = new Map<string, Job>();
  const unique: Job[] = [];
  for (const job of jobs) {
    const key = identity(job);
    const first = seen.get(key);
    if (first) {
      sink.report({
        messageId: 'duplicateJob',
        loc: job.block.span,
        data: { package: job.package, params: job.params.length > 0 ? `params ${job.params.join(' ')}` : 'no params' },
        related: [{ messageId: 'firstDeclaredHere', loc: first.block.span }],
      });
      continue;
    }
    seen.set(key, job);
    unique.push(job);
  }
  return unique;
}
