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

/** The one diagnostics model every stage produces and every formatter prints. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  /** Repository-relative path with forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  hint?: string;
  /** Other places in play (the first declaration of a duplicate, the shard that disagrees), in order. */
  related?: RelatedLocation[];
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** Stable order: file, line, column, code. Output must not depend on discovery order. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
