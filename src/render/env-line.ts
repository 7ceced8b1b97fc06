/**
 * Writes NAME=value so that Debian's cron (env.c, load_env) reads back exactly
 * `value`, or says why it cannot. load_env skips blanks after "=", ends an
 * unquoted value at the line's end with trailing blanks trimmed, ends a quoted
 * one at the matching quote (anything after it makes the line a job line), then
 * trims trailing blanks again and strips one more pair of matching quotes.
 * An empty unquoted value ("A=") is not an assignment at all to cron: it reads
 * it as a job line and rejects the whole file.
 *
 * Every line is then read back in-process with the port of load_env that the
 * schedule checks use (schedule/load-env.ts), and returned only if cron
 * would set exactly this name and value.
 */
import { loadEnv } from '../schedule/load-env.js';

export type EnvLineResult = { line: string } | { problem: string };

/** Debian's MAX_ENVSTR is 1000; name, "=" and value must stay under it. */
const maxEnvLength = 998;

export function renderEnvLine(name: string, value: string): EnvLineResult {
  if (/[\x00-\x1f\x7f]/.test(value.replace(/\t/g, ''))) return { problem: 'it contains a control character or line break' };
  if (/[ \t]$/.test(value)) return { problem: 'cron trims trailing blanks' };
  if (name.length + 1 + value.length + 2 > maxEnvLength) return { problem: `name and value exceed ${maxEnvLength} characters` };
  const startsAndEndsWithOneQuote = value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0];
  if (startsAndEndsWithOneQuote) return { problem: 'cron strips a pair of quotes around the value' };
  const needsQuotes = value === '' || /^[ \t'"]/.test(value);
  if (!needsQuotes) return readsBack(name, value, `${name}=${value}`);
  if (!value.includes('"')) return readsBack(name, value, `${name}="${value}"`);
  if (!value.includes("'")) return readsBack(name, value, `${name}='${value}'`);
  return { problem: 'it starts with a blank or quote and contains both kinds of quote' };
}

/**
 * `line` if Debian's cron sets exactly `name` to `value` for it: misc.c
 * skip_comments() first (leading blanks skipped, "#" makes a comment), then
 * env.c load_env().
 */
function readsBack(name: string, value: string, line: string): EnvLineResult {
  const afterBlanks = line.replace(/^[ \t]+/, '');
  const read = afterBlanks.startsWith('#') ? undefined : loadEnv(afterBlanks);
  if (read !== undefined && read.name === name && read.value === value) return { line };
  return { problem: "Debian's cron would read the line back as something else" };
}
