import type { Span } from '../diagnostics/diagnostic.js';
import type { BlockField } from '../model/types.js';

/** The span of characters [start, end) of a field's one-line value. */
export function valueSubspan(field: BlockField, start: number, end: number): Span {
  const column = field.valueSpan.column + start;
  return { line: field.valueSpan.line, column, endLine: field.valueSpan.line, endColumn: column + Math.max(end - start, 1) };
}
