import { compareDiagnostics, countBySeverity, type Diagnostic } from '../diagnostics/diagnostic.js';
import { codeFrame, splitSourceLines } from './code-frame.js';
import type { FormatContext } from './format-context.js';
import { displayWidth, padEndDisplay, palette, sanitizeText, type Palette } from './terminal-text.js';

const INDENT = '    ';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function maxOf(values: readonly number[]): number {
  let max = 0;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** Groups sorted diagnostics by file, keeping the order. */
function groupByFile(sorted: readonly Diagnostic[]): Diagnostic[][] {
  const groups: Diagnostic[][] = [];
  let current: Diagnostic[] | undefined;
  for (const d of sorted) {
    if (current === undefined || current[0]?.file !== d.file) {
      current = [];
      groups.push(current);
    }
    current.push(d);
  }
  return groups;
}

/** One file's block: its path, then its rows. The diagnostics about no file come first, without a path, each with the option it is about where it has one. */
function formatFile(group: readonly Diagnostic[], ctx: FormatContext, c: Palette): string[] {
  const file = group[0]?.file;
  const out = file === undefined ? [] : [c.underline(sanitizeText(file))];
  const source = file === undefined ? undefined : ctx.getSource(file);
  const lines = source === undefined ? undefined : splitSourceLines(source);

  const rows = group.map((d) => ({
    d,
    position: d.file === undefined ? (d.option ?? '') : `${d.line}:${d.column}`,
    message: sanitizeText(d.message),
  }));
  const positionWidth = maxOf(rows.map((r) => r.position.length));
  const severityWidth = maxOf(rows.map((r) => r.d.severity.length));
  const messageWidth = maxOf(rows.map((r) => displayWidth(r.message)));
  const gutterWidth = maxOf(group.map((d) => String(d.line ?? '').length));

  for (const { d, position, message } of rows) {
    const severityColor = d.severity === 'error' ? c.red : c.yellow;
    out.push(
      `  ${c.dim(position.padEnd(positionWidth))}  ${severityColor(d.severity)}${' '.repeat(severityWidth - d.severity.length)}` +
        `  ${padEndDisplay(message, messageWidth)}  ${c.dim(d.code)}`,
    );
    if (d.hint !== undefined && d.hint !== '') out.push(INDENT + c.dim(`hint: ${sanitizeText(d.hint)}`));
    for (const r of d.related ?? []) out.push(INDENT + c.dim(`${r.file === d.file ? '' : `${sanitizeText(r.file)}:`}${r.line}:${r.column}: ${sanitizeText(r.message)}`));
    if (lines !== undefined && d.file !== undefined) {
      const frame = codeFrame(lines, d, { color: ctx.color, severity: d.severity, gutterWidth });
      if (frame !== undefined) for (const line of frame.split('\n')) out.push(INDENT + line);
    }
  }
  return out;
}

/**
 * The default, human-readable format (after ESLint's stylish): one block per
 * file, sorted; per diagnostic an aligned `line:col  severity  message  code`
 * row, its hint, and a code frame when the source is available; then a summary
 * line. Returns "" when there are no diagnostics.
 */
export function formatStylish(diagnostics: readonly Diagnostic[], ctx: FormatContext): string {
  if (diagnostics.length === 0) return '';
  const c = palette(ctx.color);
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const out: string[] = [];
  for (const group of groupByFile(sorted)) {
    out.push(...formatFile(group, ctx, c), '');
  }
  const { errors, warnings } = countBySeverity(sorted);
  let summary = `✖ ${plural(errors + warnings, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  if (ctx.filesChecked !== undefined) summary += `, ${plural(ctx.filesChecked, 'file')} checked`;
  out.push((errors > 0 ? c.red : c.yellow)(c.bold(summary)));
  return out.join('\n') + '\n';
}
