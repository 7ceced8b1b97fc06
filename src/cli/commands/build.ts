import { resolve } from 'node:path';
import { build } from '../../pipeline/build.js';
import { loadConfig } from '../../config/index.js';
import { CronpackError } from '../../core/errors.js';
import { checkOutputFolder, foreignInOldCronFolder, planChanges, writeTreeAtomically, type Change } from '../../write/index.js';
import { exitCodes } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { diagnosticsStream, printDiagnostics, type DiagnosticsOutput } from '../print-diagnostics.js';

export interface BuildCommandOptions extends DiagnosticsOutput {
  out?: string;
  stdout: boolean;
  dryRun: boolean;
}

const doneVerbs: Record<Change['kind'], string> = { create: 'created', update: 'updated', remove: 'removed', unchanged: 'unchanged' };
const dryRunVerbs: Record<Change['kind'], string> = { create: 'would create', update: 'would update', remove: 'would remove', unchanged: 'unchanged   ' };

/** check → plan → render, then write DIR/cron.d atomically, print it, or say what would change. */
export async function runBuild(options: BuildCommandOptions, io: CliIo): Promise<number> {
  const write = diagnosticsStream(options.format, io);
  if (options.stdout && write === io.stdout) {
    throw new CronpackError(`--stdout prints the cron.d files, so it cannot go with --format ${options.format}, which prints a document there; use one or the other`);
  }
  const root = io.cwd;
  const loaded = await loadConfig(root);
  const cronDir = resolve(root, options.out ?? loaded.config.outDir, 'cron.d');
  const jobsDir = resolve(cronDir, '..', 'jobs');
  const ownership = { foreignInUnmarkedOutput: foreignInOldCronFolder };
  // Refused before the work, and again by the writer right before it writes.
  if (!options.stdout) {
    checkOutputFolder(cronDir, ownership);
    checkOutputFolder(jobsDir);
  }
  const result = await build({ root, config: loaded });
  const isTTY = write === io.stdout ? io.isStdoutTTY : io.isStderrTTY;
  const code = printDiagnostics(result.diagnostics, { ...options, filesChecked: result.filesChecked, isTTY }, io, write);
  if (code !== exitCodes.ok) {
    if (!options.stdout && !options.dryRun) io.stderr('cronpack: nothing written; the previous output is left as it was.\n');
    return code;
  }
  if (options.stdout) {
    for (const file of result.files) io.stdout(file.content);
    return exitCodes.ok;
  }
  const files = result.files.map((file) => ({ path: file.path.replace(/^cron\.d\//, ''), content: file.content, mode: 0o644 }));
  // The manifests the cron lines test for, beside cron.d: installed by hand, they go to the config's manifestDir.
  const manifests = result.files.map((file) => ({ path: `${file.plan.name}.json`, content: file.manifest, mode: 0o644 }));
  const changes = [...planChanges(jobsDir, manifests).map((change) => ({ ...change, dir: jobsDir })), ...planChanges(cronDir, files).map((change) => ({ ...change, dir: cronDir }))];
  if (!options.dryRun) {
    // Manifests first: a cron.d file never goes out before the manifests its lines test for.
    await writeTreeAtomically(jobsDir, manifests);
    await writeTreeAtomically(cronDir, files, ownership);
  }
  // After the write, so that no line claims a file that is not there; -q keeps only what was asked for (--dry-run).
  if (options.dryRun || !options.quiet) {
    for (const change of changes) io.stderr(`${(options.dryRun ? dryRunVerbs : doneVerbs)[change.kind]}  ${resolve(change.dir, change.path)}\n`);
  }
  io.stderr(`✔ ${result.jobs.length} jobs in ${result.files.length} cron.d files${options.dryRun ? ' (dry run, nothing written)' : ''}.\n`);
  return exitCodes.ok;
}
