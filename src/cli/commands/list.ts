import { check } from '../../check.js';
import { loadConfig } from '../../config/index.js';
import { countBySeverity } from '../../diagnostics/diagnostic.js';
import { shellQuote } from '../../render/shell-quote.js';
import type { Job } from '../../types.js';
import { exitCodes } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { textTable } from '../text-table.js';

export interface ListCommandOptions {
  format: 'table' | 'json';
}

const jobRow = (job: Job) => ({
  package: job.package,
  script: job.script,
  line: job.block.span.line,
  params: job.params,
  schedule: job.time,
  user: job.user ?? null,
});

/** Every valid job of the repository; problems are left to `check`, but counted on stderr. */
export async function runList(options: ListCommandOptions, io: CliIo): Promise<number> {
  const loaded = await loadConfig(io.cwd);
  const result = await check({ root: io.cwd, config: loaded.config, cwd: io.cwd });
  const jobs = [...result.jobs].sort((a, b) => a.package.localeCompare(b.package) || a.script.localeCompare(b.script) || a.block.span.line - b.block.span.line);
  if (options.format === 'json') {
    io.stdout(JSON.stringify({ schemaVersion: 1, jobs: jobs.map(jobRow) }, null, 2) + '\n');
  } else {
    io.stdout(textTable(['PACKAGE', 'SCRIPT', 'PARAMS', 'SCHEDULE'], jobs.map((job) => [job.package, job.script, job.params.map(shellQuote).join(' '), job.time])));
  }
  const { errors, warnings } = countBySeverity([...loaded.diagnostics, ...result.diagnostics]);
  if (errors + warnings > 0) io.stderr(`cronpack: ${errors} errors and ${warnings} warnings not shown; run "cronpack check".\n`);
  return errors > 0 ? exitCodes.problems : exitCodes.ok;
}
