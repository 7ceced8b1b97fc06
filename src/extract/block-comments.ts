import { parse as parseDocComments, tokenizers } from 'comment-parser';
import type { MetadataSection, SectionLine } from '../model/types.js';

/** A block comment's location: start at the `/`, end just after the closing `*\/` (0-based line and index). */
interface CommentRange {
  startLine: number;
  startIndex: number;
  endLine: number;
  endIndex: number;
}

/**
 * Finds `/* *\/` comments in C-like source, skipping string and template
 * literals and `//` comments so that "/*" inside a string does not open one.
 * Regex literals are not recognised; a regex holding "/*" is rare in scripts.
 */
function findBlockComments(lines: readonly string[]): CommentRange[] {
  const ranges: CommentRange[] = [];
  let open: { line: number; index: number } | undefined;
  let inTemplate = false;
  for (let l = 0; l < lines.length; l++) {
    const s = lines[l]!;
    let i = 0;
    while (i < s.length) {
      if (open) {
        const close = s.indexOf('*/', i);
        if (close < 0) break;
        ranges.push({ startLine: open.line, startIndex: open.index, endLine: l, endIndex: close + 2 });
        open = undefined;
        i = close + 2;
        continue;
      }
      if (inTemplate) {
        const close = findUnescaped(s, '`', i);
        if (close < 0) break;
        inTemplate = false;
        i = close + 1;
        continue;
      }
      const c = s[i]!;
      if (c === '/' && s[i + 1] === '/') break;
      if (c === '/' && s[i + 1] === '*') {
        open = { line: l, index: i };
        i += 2;
      } else if (c === '"' || c === "'") {
        const close = findUnescaped(s, c, i + 1);
        i = close < 0 ? s.length : close + 1;
      } else if (c === '`') {
        inTemplate = true;
        i++;
      } else {
        i++;
      }
    }
  }
  return ranges;
}

function findUnescaped(s: string, quote: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === quote) return i;
  }
  return -1;
}

/** The text of each line inside a plain `/* *\/` comment, a leading ` * ` gutter removed. */
function plainCommentLines(lines: readonly string[], r: CommentRange): SectionLine[] {
  const out: SectionLine[] = [];
  for (let l = r.startLine; l <= r.endLine; l++) {
    const s = lines[l]!;
    let start = l === r.startLine ? r.startIndex + 2 : 0;
    const end = l === r.endLine ? r.endIndex - 2 : s.length;
    if (l !== r.startLine) {
      const gutter = /^\s*\*(?!\/)/.exec(s.slice(start, end));
      if (gutter) start += gutter[0].length;
    }
    out.push({ text: s.slice(start, end), line: l + 1, column: start + 1 });
  }
  return out;
}

/**
 * The text of each line inside a `/** *\/` doc comment, read by comment-parser.
 * It only recognises a doc comment that starts its line, so columns before the
 * comment are kept by blanking them rather than cutting them.
 */
function docCommentLines(lines: readonly string[], r: CommentRange): SectionLine[] | undefined {
  if (lines[r.startLine]!.slice(0, r.startIndex).trim() !== '') return undefined;
  const source = lines.slice(r.startLine, r.endLine + 1);
  source[source.length - 1] = source[source.length - 1]!.slice(0, r.endIndex);
  const [block] = parseDocComments(source.join('\n'), {
    spacing: 'preserve',
    tokenizers: [tokenizers.description('preserve')],
  });
  if (!block) return undefined;
  return block.source.map(({ number, tokens }) => ({
    text: tokens.description,
    line: r.startLine + number + 1,
    column: tokens.start.length + tokens.delimiter.length + tokens.postDelimiter.length + 1,
  }));
}

/** `/* *\/` and `/** *\/` comments whose first non-blank line reads `METADATA`. */
export function extractBlockCommentSections(lines: readonly string[]): MetadataSection[] {
  const sections: MetadataSection[] = [];
  // A heading sits in a comment, so on or after the first line with "/*": without both, no need to find comments.
  const firstOpener = lines.findIndex((line) => line.includes('/*'));
  if (firstOpener < 0 || !lines.some((line, i) => i >= firstOpener && line.includes('METADATA'))) return sections;
  for (const range of findBlockComments(lines)) {
    const isDoc = lines[range.startLine]![range.startIndex + 2] === '*';
    const body = (isDoc && docCommentLines(lines, range)) || plainCommentLines(lines, range);
    const headingIndex = body.findIndex((l) => l.text.trim() !== '');
    const first = body[headingIndex];
    if (!first || !/^\s*METADATA:?\s*$/.test(first.text)) continue;
    const offset = first.text.search(/\S/);
    const section: MetadataSection = {
      style: isDoc ? 'jsdoc' : 'block',
      heading: {
        line: first.line,
        column: first.column + offset,
        endLine: first.line,
        endColumn: first.column + first.text.trimEnd().length,
      },
      lines: body.slice(headingIndex + 1),
    };
    if (lines[range.endLine]!.slice(range.endIndex).trim() !== '') {
      section.closedEarlyAt = { line: range.endLine + 1, column: range.endIndex - 1, endLine: range.endLine + 1, endColumn: range.endIndex + 1 };
    }
    sections.push(section);
  }
  return sections;
}
