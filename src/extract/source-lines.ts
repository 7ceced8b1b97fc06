/**
 * Splits file text into lines the way editors number them: LF or CRLF ends a
 * line, the CR of a CRLF is not part of the line, and a leading UTF-8 BOM is not
 * part of line 1. Column numbers elsewhere are indexes into these strings + 1.
 */
export function splitSourceLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
  }
  return lines;
}
