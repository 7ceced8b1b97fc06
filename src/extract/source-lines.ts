/**
 * Splits file text into lines the way editors number them: LF or CRLF ends a
 * line, the CR of a CRLF is not part of the line, and a leading UTF-8 BOM is not
 * part of line 1. Column numbers elsewhere are indexes into these strings + 1.
 */
export function splitSourceLines(text: string): string[] {
  return splitBody(withoutBom(text));
}

/**
 * splitSourceLines, with the lines between line 1 and the first line holding
 * `word` left empty: the same length and numbering, without a string per line of
 * code. For readers that skip everything before a heading holding `word` (line
 * comments, POD); line 1 stays whole for the shebang. Text without `word` is split whole.
 */
export function splitSourceLinesFrom(text: string, word: string): string[] {
  const body = withoutBom(text);
  const at = body.indexOf(word);
  const start = at < 0 ? 0 : body.lastIndexOf('\n', at) + 1;
  const firstEnd = body.indexOf('\n');
  if (start === 0 || start === firstEnd + 1) return splitBody(body);
  const lines = [withoutCr(body.slice(0, firstEnd))];
  for (let end = body.indexOf('\n', firstEnd + 1); end >= 0 && end < start; end = body.indexOf('\n', end + 1)) lines.push('');
  for (const line of splitBody(body.slice(start))) lines.push(line);
  return lines;
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const withoutCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);

function splitBody(body: string): string[] {
  const lines = body.split('\n');
  // Most files have no CR at all: one search instead of a test per line.
  if (!body.includes('\r')) return lines;
  for (let i = 0; i < lines.length; i++) lines[i] = withoutCr(lines[i]!);
  return lines;
}
