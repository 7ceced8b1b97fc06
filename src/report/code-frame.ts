import type { Severity, Span } from '../diagnostics/diagnostic.js';
import { palette, renderCodePoint, type Cell } from './terminal-text.js';
import { splitSourceLines } from '../extract/source-lines.js';

export interface CodeFrameOptions {
  /** Emit ANSI colour (dim gutter, red/yellow marker). Default false. */
  color?: boolean;
  /** Colours the marker: red for errors (the default), yellow for warnings. */
  severity?: Severity;
  /** Spaces shown for each tab, in the source line and in the marker padding alike. Default 4. */
  tabWidth?: number;
  /** At most this many terminal columns of the source line are shown, around the column. Default 120. */
  maxWidth?: number;
  /** Minimum width of the line-number gutter, so frames of one file line up. */
  gutterWidth?: number;
}

const DEFAULT_TAB_WIDTH = 4;
const DEFAULT_MAX_WIDTH = 120;
const ELLIPSIS = '…';

export { splitSourceLines };

interface PlacedCell extends Cell {
  /** UTF-16 offset of the code point in the line. */
  unit: number;
  /** UTF-16 length of the code point (1 or 2). */
  units: number;
  /** Terminal column where the cell starts, 0-based. */
  x: number;
}

function layoutLine(line: string, tabWidth: number): { cells: PlacedCell[]; width: number } {
  const cells: PlacedCell[] = [];
  let unit = 0;
  let x = 0;
  for (const ch of line) {
    const cell = renderCodePoint(ch.codePointAt(0) ?? 0, tabWidth);
    cells.push({ ...cell, unit, units: ch.length, x });
    unit += ch.length;
    x += cell.width;
  }
  return { cells, width: x };
}

/** Terminal column (0-based) where UTF-16 offset `unit` starts; a unit inside a surrogate pair maps to its pair. */
function xAtUnit(cells: readonly PlacedCell[], width: number, unit: number): number {
  for (const cell of cells) {
    if (cell.unit + cell.units > unit) return cell.x;
  }
  return width;
}

/**
 * Renders the source line of `span` with a line-number gutter and a marker line
 * under it: `^` at the column, followed by `~` up to (excluding) endColumn when
 * the span ends on the same line; a single `^` when it has no end or spans lines.
 *
 *     12 | time: 5 * * *
 *        |       ^~~~~~~
 *
 * Columns are 1-based UTF-16 units (a tab counts as one). Tabs are shown as
 * `tabWidth` spaces in both lines so the marker stays under its character; wide
 * characters count two terminal columns. Lines wider than `maxWidth` are cut
 * around the column, with "…" where text was left out.
 *
 * `source` is the whole file text or its lines from {@link splitSourceLines}.
 * Returns the frame lines joined by "\n" (no trailing newline), or undefined
 * when the source has no such line.
 */
export function codeFrame(source: string | readonly string[], span: Span, options: CodeFrameOptions = {}): string | undefined {
  const tabWidth = Math.max(1, Math.floor(options.tabWidth ?? DEFAULT_TAB_WIDTH));
  const maxWidth = Math.max(10, Math.floor(options.maxWidth ?? DEFAULT_MAX_WIDTH));
  const lines = typeof source === 'string' ? splitSourceLines(source) : source;
  if (!Number.isInteger(span.line) || span.line < 1) return undefined;
  let text = lines[span.line - 1];
  if (text === undefined) return undefined;
  // Accept raw lines too: the same normalisation as splitSourceLines.
  if (span.line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.endsWith('\r')) text = text.slice(0, -1);

  const { cells, width } = layoutLine(text, tabWidth);
  const startUnit = Math.min(Math.max(0, Math.floor(span.column) - 1), text.length);
  const startX = xAtUnit(cells, width, startUnit);
  let markerWidth = 1;
  const sameLine = span.endLine === undefined || span.endLine === span.line;
  if (sameLine && span.endColumn !== undefined && span.endColumn > span.column) {
    const endUnit = Math.min(Math.floor(span.endColumn) - 1, text.length);
    markerWidth = Math.max(1, xAtUnit(cells, width, endUnit) - startX);
  }

  // Window of terminal columns [from, to) shown from the line.
  let from = 0;
  let to = width;
  if (width > maxWidth) {
    const lead = Math.floor(maxWidth / 3);
    const wantFrom = Math.max(0, Math.min(startX - lead, width - maxWidth));
    const shown = cells.filter((cell) => cell.x >= wantFrom && cell.x + cell.width <= wantFrom + maxWidth);
    const first = shown[0];
    const last = shown[shown.length - 1];
    from = first ? first.x : startX;
    to = last ? last.x + last.width : startX;
  }
  const cutLeft = from > 0;
  const cutRight = to < width;
  let shownText = '';
  for (const cell of cells) {
    if (cell.x >= from && cell.x + cell.width <= to) {
      shownText += cell.text;
    }
  }
  if (cutLeft) shownText = ELLIPSIS + shownText;
  if (cutRight) shownText += ELLIPSIS;
  markerWidth = Math.min(markerWidth, Math.max(1, to - startX));
  const pad = startX - from + (cutLeft ? 1 : 0);

  const c = palette(options.color === true);
  const mark = options.severity === 'warning' ? c.yellow : c.red;
  const number = String(span.line);
  const gutterWidth = Math.max(number.length, options.gutterWidth ?? 0);
  const sourceGutter = c.dim(`${number.padStart(gutterWidth)} |`);
  const markerGutter = c.dim(`${' '.repeat(gutterWidth)} |`);
  const sourceLine = shownText === '' ? sourceGutter : `${sourceGutter} ${shownText}`;
  const markerLine = `${markerGutter} ${' '.repeat(pad)}${mark('^' + '~'.repeat(markerWidth - 1))}`;
  return `${sourceLine}\n${markerLine}`;
}
