import type { LoadedConfig } from '../config/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticAt } from '../diagnostics/report.js';
import { renderEnvLine } from './env-line.js';

/** MAILTO then the config's env, each written so that cron reads the value back unchanged. */
export function renderEnv(loaded: LoadedConfig): { lines: string[]; diagnostics: Diagnostic[] } {
  const lines: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const entries: Array<[string, string, (string | number)[]]> = [];
  if (loaded.config.mailto !== undefined) entries.push(['MAILTO', loaded.config.mailto, ['mailto']]);
  for (const [name, value] of Object.entries(loaded.config.env)) entries.push([name, value, ['env', name]]);
  for (const [name, value, path] of entries) {
    const result = renderEnvLine(name, value);
    if ('line' in result) {
      lines.push(result.line);
      continue;
    }
    const where = loaded.locate(path);
    diagnostics.push(
      diagnosticAt(where !== undefined ? { file: where.file, loc: where.span } : loaded.file !== undefined ? { file: loaded.file, loc: { line: 1, column: 1 } } : {}, {
        messageId: 'envLineMisread',
        data: { name, value: JSON.stringify(value), reason: result.problem },
      }),
    );
  }
  return { lines, diagnostics };
}
