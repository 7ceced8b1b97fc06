/**
 * Quotes one word for /bin/sh so that it reaches the program unchanged:
 * single quotes make every character literal, and a single quote itself is
 * written as '\''. Words made only of safe characters stay bare, for readability.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
