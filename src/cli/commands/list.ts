import { check } from '../../pipeline/check.js';
import { loadConfig } from '../../config/index.js';
import { countBySeverity } from '../../diagnostics/diagnostic.js';
import { shellQuote } from '../../render/shell-quote.js';
import { describeSchedule, formatInZone, nextRuns } from '../../schedule/index.js';
import { ZoneOffsets } from '../../schedule/zone.js';
import { writtenTimeOf, type Job } from '../../model/types.js';
import { exitCodes } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { textTable } from '../text-table.js';

export interface ListCommandOptions {
  format: 'table' | 'json';
  tz: string;
  now: Date;
}

function describeJob(job: Job, options: ListCommandOptions, zone: ZoneOffsets) {
  const model = job.model;
  const [next] = nextRuns(model, { from: options.now, count: 1, timeZone: options.tz });
  return {
    package: job.package,
    script: job.script,
    line: job.block.span.line,
    params: job.params,
    lockName: job.lockName,
    /** As written in METADATA. */
    schedule: writtenTimeOf(job),
    /** As the cron.d line has it: differs only where H was resolved. */
    cronSchedule: job.time,
    description: describeSchedule(job.time, model),
    user: job.user ?? null,
    nextRun: next ? formatInZone(next, zone) : null,
  };
}

/** Every valid job of the repository; problems are left to `check`, but counted on stderr. */
export async function runList(options: ListCommandOptions, io: CliIo): Promise<number> {
  const loaded = await loadConfig(io.cwd);
  const result = await check({ root: io.cwd, config: loaded });
  const zone = new ZoneOffsets(options.tz);
  const jobs = [...result.jobs]
    .sort((a, b) => a.package.localeCompare(b.package) || a.script.localeCompare(b.script) || a.block.span.line - b.block.span.line)
    .map((job) => describeJob(job, options, zone));
  if (options.format === 'json') {
    io.stdout(JSON.stringify({ schemaVersion: 1, timeZone: options.tz, jobs }, null, 2) + '\n');
  } else {
    // A CRON column only when some job has H: what cron runs then differs from what was written.
    const hashed = jobs.some((j) => j.cronSchedule !== j.schedule);
    io.stdout(
      textTable(
        ['PACKAGE', 'SCRIPT', 'PARAMS', 'SCHEDULE', ...(hashed ? ['CRON'] : []), 'MEANING', `NEXT RUN (${options.tz})`],
        jobs.map((j) => [j.package, j.script, j.params.map(shellQuote).join(' '), j.schedule, ...(hashed ? [j.cronSchedule] : []), j.description, j.nextRun ?? 'never']),
      ),
    );
  }
  const { errors, warnings } = countBySeverity([...loaded.diagnostics, ...result.diagnostics]);
  if (errors + warnings > 0) io.stderr(`cronpack: ${errors} errors and ${warnings} warnings not shown; run "cronpack check".\n`);
  return errors > 0 ? exitCodes.problems : exitCodes.ok;
}
