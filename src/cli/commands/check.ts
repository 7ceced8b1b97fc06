import { check } from '../../pipeline/check.js';
import { printDiagnostics, type DiagnosticsOutput } from '../print-diagnostics.js';
import type { CliIo } from '../io.js';

export async function runCheck(paths: string[], options: DiagnosticsOutput, io: CliIo): Promise<number> {
  const root = io.cwd;
  // check() loads the config and reports its problems once, with everything build would refuse.
  const result = await check({ root, paths });
  const diagnostics = result.diagnostics;
  const code = printDiagnostics(diagnostics, { ...options, filesChecked: result.filesChecked, isTTY: io.isStdoutTTY }, io, io.stdout);
  const shown = options.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  if (options.format === 'stylish' && shown.length === 0) {
    io.stdout(`✔ ${result.jobs.length} jobs in ${result.filesChecked} files checked, no ${options.quiet ? 'errors' : 'problems'}.\n`);
  }
  return code;
}
