import type { Formatter } from './format-context.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export type FormatName = 'stylish' | 'json' | 'github' | 'sarif';

/** Every output format, by its `--format` name. */
export const formatters: Readonly<Record<FormatName, Formatter>> = {
  stylish: formatStylish,
  json: formatJson,
  github: formatGithub,
  sarif: formatSarif,
};

/** The format used when none is asked for. */
export const defaultFormat: FormatName = 'stylish';

/** The format names, sorted, e.g. for `--help` and error messages. */
export const formatNames: readonly FormatName[] = (Object.keys(formatters) as FormatName[]).sort();

export function isFormatName(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(formatters, name);
}

export { shouldUseColor, type ColorSupportInput, type FormatContext, type Formatter } from './format-context.js';
export { codeFrame, splitSourceLines, type CodeFrameOptions } from './code-frame.js';
export { formatStylish } from './stylish.js';
export { formatJson, toJsonReport, JSON_SCHEMA_VERSION, type JsonReport, type JsonDiagnostic } from './json.js';
export { formatGithub, escapeData, escapeProperty } from './github.js';
export { formatSarif, toSarifLog, type SarifLog } from './sarif.js';
