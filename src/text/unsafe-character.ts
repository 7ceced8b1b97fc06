/**
 * Characters that must never reach a generated file from a config value, an
 * option or the environment: C0 and C1 controls (line feed, carriage return,
 * NUL, tab, escape, NEL...), DEL, and the Unicode line and paragraph
 * separators. cron splits its files on "\n" only, but dpkg, editors, diff and
 * terminals each split or act on some of the others.
 */
const unsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

const names: Readonly<Record<string, string>> = {
  '\u0000': 'a NUL byte',
  '\t': 'a tab',
  '\n': 'a line feed',
  '\r': 'a carriage return',
  '\u001b': 'an escape',
  '\u007f': 'a delete',
  '\u0085': 'a next-line (NEL)',
  '\u2028': 'a line separator',
  '\u2029': 'a paragraph separator',
};

export interface UnsafeCharacter {
  /** 0-based index in UTF-16 code units. */
  index: number;
  /** e.g. 'a line feed (U+000A)'. */
  description: string;
}

/** The first character of `text` that is not allowed in a single-line value, if any. */
export function findUnsafeCharacter(text: string): UnsafeCharacter | undefined {
  const match = unsafe.exec(text);
  if (!match) return undefined;
  const ch = match[0];
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return { index: match.index, description: `${names[ch] ?? 'a control character'} (${code})` };
}
