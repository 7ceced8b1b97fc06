// Outside text (config values, ZooKeeper data, JSON.parse's messages) made safe for one line
// of a log, a message or cron's mail.

/**
 * Text for a one-line message: controls and line separators escaped, at most `max` characters.
 * Config values and JSON.parse's messages (which quote the input) come from outside: a newline
 * would split the line, an escape sequence would reach the terminal that reads cron's mail.
 */
export function printable(text: string, max = 60, quotes = false): string {
  let shown = text.length > max ? text.slice(0, max) : text;
  // Half a surrogate pair would be a lone surrogate: cut before it.
  if (shown.length < text.length && /[\ud800-\udbff]$/.test(shown)) shown = shown.slice(0, -1);
  const special = quotes ? /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/gu : /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/gu;
  const escaped = shown.replace(special, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return shown.length < text.length ? `${escaped}…` : escaped;
}

/**
 * A value from a JSON document as a short one-line text: strings quoted, lists and objects by
 * kind only. Never recurses (a value may be nested 100,000 deep) and never calls the value's
 * own toString or toJSON (JSON may define those as plain keys).
 */
export function preview(value: unknown, max = 60): string {
  if (typeof value === 'string') return `"${printable(value, max, true)}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
