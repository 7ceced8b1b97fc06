import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { FormatContext } from './format-context.js';

/**
 * Escapes a workflow command's message, as actions/toolkit
 * packages/core/src/command.ts `escapeData` does ("%" first, so escapes are not re-escaped).
 */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value, as toolkit's `escapeProperty` does. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Where an annotation points: file, line and columns; nothing for a global diagnostic (GitHub shows it on the run). */
function position(d: Diagnostic): [string, string | number][] {
  if (d.file === undefined) return [];
  const props: [string, string | number][] = [
    ['file', d.file],
    ['line', d.line],
  ];
  // GitHub annotations carry columns only for single-line spans.
  const multiLine = d.endLine !== undefined && d.endLine > d.line;
  if (multiLine) {
    props.push(['endLine', d.endLine as number]);
  } else {
    props.push(['col', d.column]);
    if (d.endColumn !== undefined && d.endColumn > d.column) {
      props.push(['endLine', d.line], ['endColumn', d.endColumn]);
    }
  }
  return props;
}

function annotation(d: Diagnostic): string {
  const props = position(d);
  props.push(['title', d.code]);
  const properties = props.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  const lines = [d.option === undefined ? d.message : `${d.option}: ${d.message}`];
  if (d.hint !== undefined && d.hint !== '') lines.push(`hint: ${d.hint}`);
  // Annotations have one location: the others go in the text.
  for (const r of d.related ?? []) lines.push(`${r.file === d.file ? '' : `${r.file}:`}${r.line}:${r.column}: ${r.message}`);
  const message = lines.join('\n');
  return `::${d.severity} ${properties}::${escapeData(message)}`;
}

/**
 * GitHub Actions workflow commands, one line per diagnostic
 * (`::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::message%0Ahint: ...`),
 * so problems show as annotations on the pull request. "" when there are none.
 */
export function formatGithub(diagnostics: readonly Diagnostic[], _ctx: FormatContext): string {
  return [...diagnostics]
    .sort(compareDiagnostics)
    .map((d) => annotation(d) + '\n')
    .join('');
}
