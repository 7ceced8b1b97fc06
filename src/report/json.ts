import { compareDiagnostics, countBySeverity, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { FormatContext } from './format-context.js';

/** Bumped only for breaking changes; additive ones keep it. See docs/json-format.md. */
export const JSON_SCHEMA_VERSION = 2;

/** One diagnostic in the JSON report: exactly the Diagnostic model; optional keys are omitted, never null. */
export type JsonDiagnostic = Diagnostic;

/** The document `--format json` prints (docs/json-format.md). */
export interface JsonReport {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  tool: { name: 'cronpack'; version: string };
  summary: { errors: number; warnings: number; files?: number };
  diagnostics: JsonDiagnostic[];
}

/** Copies the known fields in a fixed key order, so output depends on nothing else. */
function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  const where =
    d.file === undefined
      ? { ...(d.option !== undefined ? { option: d.option } : {}) }
      : {
          file: d.file,
          line: d.line,
          column: d.column,
          ...(d.endLine !== undefined ? { endLine: d.endLine } : {}),
          ...(d.endColumn !== undefined ? { endColumn: d.endColumn } : {}),
        };
  return {
    code: d.code,
    severity: d.severity,
    ...where,
    message: d.message,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    ...(d.related !== undefined && d.related.length > 0
      ? {
          related: d.related.map((r) => ({
            file: r.file,
            line: r.line,
            column: r.column,
            ...(r.endLine !== undefined ? { endLine: r.endLine } : {}),
            ...(r.endColumn !== undefined ? { endColumn: r.endColumn } : {}),
            message: r.message,
          })),
        }
      : {}),
  };
}

/** Builds the JSON report value (sorted diagnostics, fixed key order). */
export function toJsonReport(diagnostics: readonly Diagnostic[], ctx: FormatContext): JsonReport {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const { errors, warnings } = countBySeverity(sorted);
  const summary: JsonReport['summary'] = { errors, warnings };
  if (ctx.filesChecked !== undefined) summary.files = ctx.filesChecked;
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: 'cronpack', version: ctx.toolVersion },
    summary,
    diagnostics: sorted.map(toJsonDiagnostic),
  };
}

/** The machine-readable format: one JSON document, 2-space indented, ending in a newline. */
export function formatJson(diagnostics: readonly Diagnostic[], ctx: FormatContext): string {
  return JSON.stringify(toJsonReport(diagnostics, ctx), null, 2) + '\n';
}
