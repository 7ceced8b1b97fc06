import type { ShellSyntaxId } from '../catalogue/phrases.js';

/**
 * Splits a params value into words the way a POSIX shell (dash, cron's /bin/sh)
 * would, keeping each word's offsets, and notes everything a shell would treat
 * as syntax rather than text. cronpack never hands params to a shell: the
 * renderer quotes every word again, so shell syntax would be passed on
 * literally, which is never what its author meant. Hand-written because no
 * shell-word library reports offsets, and the diagnostics need them.
 */
export interface ShellWord {
  value: string;
  /** Offsets into the params text: start inclusive, end exclusive. */
  start: number;
  end: number;
}

export type ShellProblem =
  | { kind: 'syntax'; start: number; end: number; syntax: ShellSyntaxId; text: string }
  | { kind: 'unterminated'; start: number; end: number; quote: 'single' | 'double' }
  | { kind: 'control'; start: number; end: number; char: string }
  | { kind: 'glob'; start: number; end: number; wordStart: number; glob: 'character' | 'tilde'; text: string };

/** Characters a shell reads as an operator: each is reported with its phrase (catalogue/phrases.ts). */
const isOperator = (c: string): c is ';' | '&' | '|' | '<' | '>' | '(' | ')' => ';&|<>()'.includes(c);

const isBlank = (c: string): boolean => c === ' ' || c === '\t';
const isControl = (code: number): boolean => (code < 0x20 && code !== 0x09) || code === 0x7f;
/** After `$`, these start a parameter expansion; any other `$` is literal in POSIX sh. */
const startsExpansion = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_0-9{(@*#?$!-]/.test(c);

/** The index just past the `)` that closes a `$(` whose body starts at `from` (nesting counted). */
function closingParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

export function splitShellWords(text: string): { words: ShellWord[]; problems: ShellProblem[] } {
  const words: ShellWord[] = [];
  const problems: ShellProblem[] = [];
  let i = 0;

  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (isControl(code)) {
      problems.push({ kind: 'control', start: k, end: k + 1, char: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` });
    }
  }

  /** Reports a `$` expansion or `$(...)` substitution starting at `at`; returns where it ends. */
  const dollar = (at: number): number => {
    if (text[at + 1] === '(') {
      const end = closingParen(text, at + 2);
      problems.push({ kind: 'syntax', start: at, end, syntax: 'substitution', text: text.slice(at, end) });
      return end;
    }
    const name = /^\$(?:\{[^}]*\}?|[A-Za-z_]\w*|[0-9@*#?$!-])/.exec(text.slice(at));
    const shown = name ? name[0] : '$';
    problems.push({ kind: 'syntax', start: at, end: at + shown.length, syntax: 'expansion', text: shown });
    return at + shown.length;
  };
  /** Reports a backquoted command substitution starting at `at`; returns where it ends. */
  const backquote = (at: number): number => {
    const close = text.indexOf('`', at + 1);
    const end = close < 0 ? text.length : close + 1;
    problems.push({ kind: 'syntax', start: at, end, syntax: 'substitution', text: text.slice(at, end) });
    return end;
  };

  while (i < text.length) {
    while (i < text.length && isBlank(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    if (text[i] === '#') {
      problems.push({ kind: 'syntax', start: i, end: text.length, syntax: 'comment', text: text.slice(i) });
    }
    while (i < text.length && !isBlank(text[i]!)) {
      const c = text[i]!;
      if (c === "'") {
        const close = text.indexOf("'", i + 1);
        if (close < 0) {
          problems.push({ kind: 'unterminated', start: i, end: i + 1, quote: 'single' });
          value += text.slice(i + 1);
          i = text.length;
          break;
        }
        value += text.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        const open = i++;
        let closed = false;
        while (i < text.length) {
          const d = text[i]!;
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === '\\' && i + 1 < text.length && '$`"\\'.includes(text[i + 1]!)) {
            value += text[i + 1];
            i += 2;
            continue;
          }
          const end = d === '$' && startsExpansion(text[i + 1]) ? dollar(i) : d === '`' ? backquote(i) : i + 1;
          value += text.slice(i, end);
          i = end;
        }
        if (!closed) problems.push({ kind: 'unterminated', start: open, end: open + 1, quote: 'double' });
      } else if (c === '\\') {
        if (i + 1 >= text.length) {
          problems.push({ kind: 'syntax', start: i, end: i + 1, syntax: 'trailingBackslash', text: '\\' });
          i++;
        } else {
          value += text[i + 1];
          i += 2;
        }
      } else {
        if (isOperator(c)) {
          problems.push({ kind: 'syntax', start: i, end: i + 1, syntax: c, text: c });
        } else if ((c === '$' && startsExpansion(text[i + 1])) || c === '`') {
          const end = c === '$' ? dollar(i) : backquote(i);
          value += text.slice(i, end);
          i = end;
          continue;
        } else if (c === '*' || c === '?' || c === '[') {
          problems.push({ kind: 'glob', start: i, end: i + 1, wordStart: start, glob: 'character', text: c });
        } else if (c === '~' && i === start) {
          problems.push({ kind: 'glob', start: i, end: i + 1, wordStart: start, glob: 'tilde', text: c });
        }
        value += c;
        i++;
      }
    }
    words.push({ value, start, end: i });
  }
  return { words, problems };
}
