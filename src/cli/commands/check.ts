import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '../../check.js';
import { loadConfig } from '../../config/index.js';
import { countBySeverity, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatters, shouldUseColor, type FormatName } from '../../report/index.js';
import { exitCodes } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { cronpackVersion } from '../version.js';

export interface CheckCommandOptions {
  format: FormatName;
  maxWarnings?: number;
  quiet: boolean;
}

/** Source text for code frames, read lazily and only for files with diagnostics. */
function sourceReader(root: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(join(root, file), 'utf8'));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
}

export async function runCheck(paths: string[], options: CheckCommandOptions, io: CliIo): Promise<number> {
  const root = io.cwd;
  const loaded = await loadConfig(root);
  const result = loaded.diagnostics.length > 0
    ? { diagnostics: loaded.diagnostics, filesChecked: 0 }
    : await check({ root, paths, config: loaded.config, cwd: io.cwd });
  const { errors, warnings } = countBySeverity(result.diagnostics);
  const shown: Diagnostic[] = options.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
  const output = formatters[options.format](shown, {
    getSource: sourceReader(root),
    color: options.format === 'stylish' && shouldUseColor({ isTTY: io.isStdoutTTY, env: io.env }),
    toolVersion: cronpackVersion,
    filesChecked: result.filesChecked,
    root,
  });
  io.stdout(output);
  if (options.format === 'stylish' && shown.length === 0 && 'jobs' in result) {
    io.stdout(`✔ ${result.jobs.length} jobs in ${result.filesChecked} files checked, no ${options.quiet ? 'errors' : 'problems'}.\n`);
  }
  if (errors > 0) return exitCodes.problems;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`cronpack: ${warnings} warnings found, more than --max-warnings ${options.maxWarnings}.\n`);
    return exitCodes.problems;
  }
  return exitCodes.ok;
}
