import { check } from '../../check.js';
import { loadConfig } from '../../config/index.js';
import { printDiagnostics, type DiagnosticsOutput } from '../print-diagnostics.js';
import type { CliIo } from '../io.js';

export async function runCheck(paths: string[], options: DiagnosticsOutput, io: CliIo): Promise<number> {
  const root = io.cwd;
  const loaded = await loadConfig(root);
  const result = loaded.diagnostics.some((d) => d.severity === 'error')
    ? { diagnostics: loaded.diagnostics, jobs: [], filesChecked: 0 }
    : await check({ root, paths, config: loaded.config, cwd: io.cwd });
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
  const code = printDiagnostics(diagnostics, { ...options, filesChecked: result.filesChecked, isTTY: io.isStdoutTTY }, io, io.stdout);
  const shown = options.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  if (options.format === 'stylish' && shown.length === 0) {
    io.stdout(`✔ ${result.jobs.length} jobs in ${result.filesChecked} files checked, no ${options.quiet ? 'errors' : 'problems'}.\n`);
  }
  return code;
}
