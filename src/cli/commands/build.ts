import { resolve } from 'node:path';
import { build } from '../../build.js';
import { loadConfig } from '../../config/index.js';
import { planChanges, writeTreeAtomically } from '../../write/index.js';
import { exitCodes } from '../exit-codes.js';
import { gitSource } from '../git-source.js';
import type { CliIo } from '../io.js';
import { printDiagnostics, type DiagnosticsOutput } from '../print-diagnostics.js';
import { cronpackVersion } from '../version.js';

export interface BuildCommandOptions extends DiagnosticsOutput {
  out?: string;
  stdout: boolean;
  dryRun: boolean;
  source?: string;
}

/** check → plan → render, then write DIR/cron.d atomically, print it, or say what would change. */
export async function runBuild(options: BuildCommandOptions, io: CliIo): Promise<number> {
  const root = io.cwd;
  const loaded = await loadConfig(root);
  const result = await build({ root, config: loaded, version: cronpackVersion, source: options.source ?? gitSource(root) });
  // Diagnostics go to stderr: stdout may carry the files themselves (--stdout).
  const code = printDiagnostics(result.diagnostics, { ...options, filesChecked: result.filesChecked, isTTY: io.isStderrTTY }, io, io.stderr);
  if (code !== exitCodes.ok) {
    if (!options.stdout && !options.dryRun) io.stderr('cronpack: nothing written; the previous output is left as it was.\n');
    return code;
  }
  if (options.stdout) {
    for (const file of result.files) io.stdout(file.content);
    return exitCodes.ok;
  }
  const outDir = resolve(root, options.out ?? loaded.config.outDir);
  const cronDir = resolve(outDir, 'cron.d');
  const files = result.files.map((file) => ({ path: file.path.replace(/^cron\.d\//, ''), content: file.content, mode: 0o644 }));
  const changes = planChanges(cronDir, files);
  for (const change of changes) {
    const verb = options.dryRun ? { create: 'would create', update: 'would update', remove: 'would remove', unchanged: 'unchanged   ' }[change.kind] : { create: 'created', update: 'updated', remove: 'removed', unchanged: 'unchanged' }[change.kind];
    io.stderr(`${verb}  ${resolve(cronDir, change.path)}\n`);
  }
  if (!options.dryRun) await writeTreeAtomically(cronDir, files);
  io.stderr(`✔ ${result.jobs.length} jobs in ${result.files.length} cron.d files${options.dryRun ? ' (dry run, nothing written)' : ''}.\n`);
  return exitCodes.ok;
}
