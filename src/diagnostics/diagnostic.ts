/** A position in a source file: 1-based line and column (UTF-16 code units, BOM excluded, a tab counts as one). */
export interface Position {
  line: number;
  column: number;
}

/** A span in a source file; the end is exclusive, like ESLint's endColumn. */
export interface Span extends Position {
  endLine?: number;
  endColumn?: number;
}

import type { Severity } from '../catalogue/message-spec.js';

export type { Severity };

/** Another place a diagnostic points at, with what it is (SARIF's relatedLocations). */
export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

interface DiagnosticBase {
  code: string;
  severity: Severity;
  message: string;
  hint?: string;
  /** Other places in play (the first declaration of a duplicate, the shard that disagrees), in order. */
  related?: RelatedLocation[];
}

/** A diagnostic at a place in a file. */
export interface LocatedDiagnostic extends DiagnosticBase {
  /** Repository-relative path with forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  option?: undefined;
}

/**
 * A diagnostic about no file, like the TypeScript compiler's global diagnostics: a value given
 * on the command line (`option` names it), or a config key when there is no config file.
 */
export interface GlobalDiagnostic extends DiagnosticBase {
  file?: undefined;
  line?: undefined;
  column?: undefined;
  endLine?: undefined;
  endColumn?: undefined;
  /** The command-line option the value came from, e.g. "--version". */
  option?: string;
}

/** The one diagnostics model every stage produces and every formatter prints. */
export type Diagnostic = LocatedDiagnostic | GlobalDiagnostic;

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** Stable order: the global ones first, then file, line, column; then code. Output must not depend on discovery order. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fileA = a.file ?? '';
  const fileB = b.file ?? '';
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  const optionA = a.option ?? '';
  const optionB = b.option ?? '';
  if (optionA !== optionB) return optionA < optionB ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
