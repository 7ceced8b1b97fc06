import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** Everything a formatter may know besides the diagnostics; built by the CLI, never read from the environment here. */
export interface FormatContext {
  /** Source text of a repo-relative file, for code frames; undefined when unavailable. */
  getSource(file: string): string | undefined;
  /** Whether to emit ANSI colour; decided by the CLI, see {@link shouldUseColor}. */
  color: boolean;
  /** cronpack's version, for json/sarif. */
  toolVersion: string;
  /** How many files were checked, for the summary line. */
  filesChecked?: number;
  /** Absolute repository root, for SARIF originalUriBaseIds. */
  root?: string;
}

/** A formatter is a pure function of the diagnostics and the context: no I/O, no environment, no clock. */
export type Formatter = (diagnostics: readonly Diagnostic[], ctx: FormatContext) => string;

export interface ColorSupportInput {
  /** Whether the output stream is a terminal (`process.stdout.isTTY`, which is undefined for pipes). */
  isTTY: boolean | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Decides whether to colour output, in this order:
 * 1. FORCE_COLOR set: colour, unless it is "0" or "false" (Node's own tty.getColorDepth
 *    and supports-color both read those two as "force off", so they turn colour off here too);
 * 2. NO_COLOR set to a non-empty value (https://no-color.org): no colour;
 * 3. otherwise colour exactly when the stream is a TTY.
 */
export function shouldUseColor({ isTTY, env }: ColorSupportInput): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return isTTY === true;
}
