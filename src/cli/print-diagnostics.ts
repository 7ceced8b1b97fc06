import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countBySeverity, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatters, shouldUseColor, type FormatName } from '../report/index.js';
import { exitCodes } from './exit-codes.js';
import type { CliIo } from './io.js';
import { cronpackVersion } from './version.js';

export interface DiagnosticsOutput {
  format: FormatName;
  quiet: boolean;
  maxWarnings?: number;
}

/**
 * Where build and package print diagnostics. A machine format (json, sarif,
 * github) is the command's result: stdout, which then holds nothing else.
 * Stylish text is for a person: stderr, so that stdout keeps what the command
 * makes (build --stdout's files, package's .deb list). check makes nothing
 * else and prints every format to stdout.
 */
export function diagnosticsStream(format: FormatName, io: CliIo): (text: string) => void {
  return format === 'stylish' ? io.stderr : io.stdout;
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

/**
 * Prints diagnostics in the chosen format to `write` and returns the exit code
 * they call for: 1 on errors or too many warnings, else 0.
 */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  options: DiagnosticsOutput & { filesChecked: number; isTTY: boolean },
  io: CliIo,
  write: (text: string) => void,
): number {
  const { errors, warnings } = countBySeverity(diagnostics);
  const shown = options.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  write(
    formatters[options.format](shown, {
      getSource: sourceReader(io.cwd),
      color: options.format === 'stylish' && shouldUseColor({ isTTY: options.isTTY, env: io.env }),
      toolVersion: cronpackVersion,
      filesChecked: options.filesChecked,
      root: io.cwd,
    }),
  );
  if (errors > 0) return exitCodes.problems;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`cronpack: ${warnings} warnings found, more than --max-warnings ${options.maxWarnings}.\n`);
    return exitCodes.problems;
  }
  return exitCodes.ok;
}
