import type { CommentStyle, MetadataSection } from '../model/types.js';

const patterns = {
  hash: /^(\s*#+)(.*)$/,
  slash: /^(\s*\/\/+)(.*)$/,
} as const;

const isHeading = (text: string): boolean => /^\s*METADATA:?\s*$/.test(text);

/**
 * Runs of whole-line comments (`#` or `//`): a comment line reading `METADATA`
 * starts a section that lasts to the end of the run. The shebang is not a comment.
 */
export function extractLineCommentSections(
  lines: readonly string[],
  style: Extract<CommentStyle, 'hash' | 'slash'>,
): MetadataSection[] {
  const pattern = patterns[style];
  const sections: MetadataSection[] = [];
  let current: MetadataSection | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Outside a section only a heading matters, and a heading holds the word: most lines need no regex.
    if (!current && !line.includes('METADATA')) continue;
    const match = i === 0 && line.startsWith('#!') ? null : pattern.exec(line);
    if (!match) {
      current = undefined;
      continue;
    }
    const column = match[1]!.length + 1;
    const text = match[2]!;
    if (current) {
      current.lines.push({ text, line: i + 1, column });
    } else if (isHeading(text)) {
      current = {
        style,
        heading: { line: i + 1, column: match[1]!.search(/\S/) + 1, endLine: i + 1, endColumn: line.trimEnd().length + 1 },
        lines: [],
      };
      sections.push(current);
    }
  }
  return sections;
}
