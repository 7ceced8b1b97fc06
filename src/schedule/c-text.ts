/**
 * The C text primitives Debian 12's cron (3.0pl1-162) reads a line with:
 * cron.h Skip_Blanks/Skip_Nonblanks, <ctype.h> isalnum()/isspace() in the
 * C locale, glibc atoi(), and cron.h's buffer sizes. Shared by load-env.ts
 * (env.c) and scan-fields.ts (entry.c).
 */

/** cron.h MAX_TEMPSTR: get_number() fails once a word reaches this many characters. */
export const MAX_TEMPSTR = 1000;
/** cron.h MAX_ENVSTR: load_env() reads at most MAX_ENVSTR - 2 bytes of a line. */
export const MAX_ENVSTR = 1000;

/** A blank-separated word of the schedule and its UTF-16 offset. */
export interface Token {
  text: string;
  offset: number;
}

/** Debian's Skip_Blanks/Skip_Nonblanks (cron.h) separate fields on ' ' and '\t' only. */
export function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** isalnum() in the C locale (the daemon's UTF-8 locales agree for every single byte). */
export function isAlnum(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isDigits(word: string): boolean {
  return /^[0-9]+$/.test(word);
}

/** C isspace(): ' ', \t, \n, \v, \f, \r. */
export function isCSpace(byte: number | undefined): boolean {
  return byte === 32 || (byte !== undefined && byte >= 9 && byte <= 13);
}

/**
 * glibc atoi() is (int) strtol(s, NULL, 10): strtol clamps at LONG_MAX
 * (64-bit), then the cast keeps the low 32 bits. So "4294967301" is 5 and
 * "99999999999999999999" is -1.
 */
export function atoi(digits: string): number {
  let value = BigInt(digits);
  const longMax = (1n << 63n) - 1n;
  if (value > longMax) value = longMax;
  return Number(BigInt.asIntN(32, value));
}

/** The blank-separated words of `text` from `from` on (Skip_Blanks, Skip_Nonblanks). */
export function tokenize(text: string, from: number): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < text.length) {
    while (i < text.length && isBlank(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !isBlank(text[i])) i++;
    tokens.push({ text: text.slice(start, i), offset: start });
  }
  return tokens;
}
