/**
 * A scanner for the `time:` schedule that mirrors, step by step, how Debian
 * 12's cron 3.0pl1-162 reads the start of an /etc/cron.d line:
 *
 *   user.c load_user():   load_env() first; only if that says "not an
 *                         environment setting" is the line a job entry.
 *   env.c load_env():     see isReadAsVariable() below.
 *   entry.c load_entry(): "@keyword" or five get_list() calls, then the
 *                         user name and the command.
 *   entry.c get_list() / get_range() / get_number() / set_element():
 *                         see parseField(), parseRange(), getNumber().
 *
 * cron-parser is deliberately not used here: it accepts seconds, L, W, #,
 * ?, H, and "5/10", rejects what Debian accepts (reversed ranges, trailing
 * junk) and ORs the day fields differently. Checked against Debian's own
 * code by test/schedule/oracle-diff.test.ts.
 */
import { scheduleFields } from './model.js';
import type { ScheduleField, ScheduleModel, ScheduleReport, ScheduleResult } from './model.js';
import type { ScheduleMessageId } from './messages.js';
import { neverRunsReason } from './never-runs.js';
import { describeDayRule } from './day-phrases.js';

export type { ScheduleModel, ScheduleReport, ScheduleResult } from './model.js';

/** cron.h MonthNames[]: index + FIRST_MONTH (1). */
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** cron.h DowNames[]: index + FIRST_DOW (0). "Sun" is found first, so it is always 0. */
const DOW_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** cron.h MAX_TEMPSTR: get_number() fails once a word reaches this many characters. */
const MAX_TEMPSTR = 1000;
/** cron.h MAX_ENVSTR: load_env() reads at most MAX_ENVSTR - 2 bytes of a line. */
const MAX_ENVSTR = 1000;

export const scheduleKeywords = ['reboot', 'yearly', 'annually', 'monthly', 'weekly', 'daily', 'midnight', 'hourly'] as const;

interface FieldSpec {
  field: ScheduleField;
  /** How messages name the field. */
  label: string;
  low: number;
  high: number;
  names?: readonly string[];
  namesKind?: 'month' | 'day';
}

const FIELD_SPECS: readonly FieldSpec[] = [
  { field: 'minute', label: 'minute', low: 0, high: 59 },
  { field: 'hour', label: 'hour', low: 0, high: 23 },
  { field: 'dayOfMonth', label: 'day-of-month', low: 1, high: 31 },
  { field: 'month', label: 'month', low: 1, high: 12, names: MONTH_NAMES, namesKind: 'month' },
  { field: 'dayOfWeek', label: 'day-of-week', low: 0, high: 7, names: DOW_NAMES, namesKind: 'day' },
];

export const fieldLabels: Record<ScheduleField, string> = {
  minute: 'minute',
  hour: 'hour',
  dayOfMonth: 'day-of-month',
  month: 'month',
  dayOfWeek: 'day-of-week',
};

/** A blank-separated word of the schedule and its UTF-16 offset. */
interface Token {
  text: string;
  offset: number;
}

/** Debian's Skip_Blanks/Skip_Nonblanks (cron.h) separate fields on ' ' and '\t' only. */
function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** isalnum() in the C locale (the daemon's UTF-8 locales agree for every single byte). */
function isAlnum(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigits(word: string): boolean {
  return /^[0-9]+$/.test(word);
}

/** C isspace(): ' ', \t, \n, \v, \f, \r. */
function isCSpace(byte: number | undefined): boolean {
  return byte === 32 || (byte !== undefined && byte >= 9 && byte <= 13);
}

/**
 * glibc atoi() is (int) strtol(s, NULL, 10): strtol clamps at LONG_MAX
 * (64-bit), then the cast keeps the low 32 bits. So "4294967301" is 5 and
 * "99999999999999999999" is -1.
 */
function atoi(digits: string): number {
  let value = BigInt(digits);
  const longMax = (1n << 63n) - 1n;
  if (value > longMax) value = longMax;
  return Number(BigInt.asIntN(32, value));
}

function tokenize(text: string, from: number): Token[] {
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

/**
 * env.c load_env() on the cron.d line this schedule starts. cronpack writes
 * "<schedule> <user> <command>"; like test/oracle's harness we assume the
 * rest of the line is " root true" (the user and command never contain
 * quotes or '=' that could matter: only the first word or two decide).
 * Returns the variable name when Debian would read the line as "NAME=VALUE".
 */
function readAsVariable(line: string): string | undefined {
  // get_string(envstr, MAX_ENVSTR - 1, ...) keeps at most MAX_ENVSTR - 2 bytes.
  const bytes = Buffer.from(line, 'utf8').subarray(0, MAX_ENVSTR - 2);
  const NAMEI = 0, NAME = 1, EQ1 = 2, EQ2 = 3, VALUEI = 4, VALUE = 5, FINI = 6, ERROR = 7;
  let state = NAMEI;
  let quote = 0;
  const name: number[] = [];
  const val: number[] = [];
  let str = name;
  let c = 0;
  while (state !== ERROR && c < bytes.length) {
    const b = bytes[c]!;
    switch (state) {
      case NAMEI:
      case VALUEI:
      case NAME:
      case VALUE: {
        if (state === NAMEI || state === VALUEI) {
          if (b === 0x27 || b === 0x22) {
            quote = b;
            c++;
          }
          state++;
          if (c >= bytes.length) break; // the C code would copy the NUL; the line never ends here
        }
        const d = bytes[c]!;
        if (quote) {
          if (d === quote) {
            state++;
            c++;
            break;
          }
          if (state === NAME && d === 0x3d) {
            state = ERROR;
            break;
          }
        } else if (state === NAME) {
          if (isCSpace(d)) {
            c++;
            state++;
            break;
          }
          if (d === 0x3d) {
            state++;
            break;
          }
        }
        str.push(d);
        c++;
        break;
      }
      case EQ1:
        if (b === 0x3d) {
          state = EQ2;
          str = val;
          quote = 0;
        } else if (!isCSpace(b)) {
          state = ERROR;
        }
        c++;
        break;
      case EQ2:
      case FINI:
        if (isCSpace(b)) c++;
        else state++;
        break;
    }
  }
  if (state !== FINI && !(state === VALUE && !quote)) return undefined;
  if (state === VALUE) while (val.length > 0 && isCSpace(val[val.length - 1])) val.pop();
  // strdtb(val), then strip one pair of matching quotes; then the length check.
  while (val.length > 0 && val[val.length - 1] === 0x20) val.pop();
  let valueLength = val.length;
  if (valueLength >= 2 && (val[0] === 0x27 || val[0] === 0x22) && val[valueLength - 1] === val[0]) valueLength -= 2;
  if (name.length + 1 + valueLength >= MAX_ENVSTR - 1) return undefined;
  return Buffer.from(name).toString('utf8');
}

/** What one get_number() call read. */
interface NumberRead {
  value: number;
  word: string;
  start: number;
  end: number;
  /** the digits' real value when atoi() changed it (overflow) */
  wrappedFrom?: string;
}

type Role = 'value' | 'rangeEnd' | 'step';

class FieldScanner {
  /** errors that make Debian reject the field */
  readonly errors: ScheduleReport[] = [];
  /** "accepted but misread" findings, kept only if the field is accepted */
  readonly notes: ScheduleReport[] = [];
  readonly bits: boolean[];

  constructor(
    private readonly token: Token,
    private readonly spec: FieldSpec,
  ) {
    this.bits = new Array<boolean>(spec.high - spec.low + 1).fill(false);
  }

  private report(target: ScheduleReport[], messageId: ScheduleMessageId, start: number, end: number, data?: Record<string, string | number>): void {
    const r: ScheduleReport = { messageId, offset: this.token.offset + start, length: Math.max(end - start, 0) };
    if (data) r.data = data;
    target.push(r);
  }

  private error(messageId: ScheduleMessageId, start: number, end: number, data?: Record<string, string | number>): void {
    this.report(this.errors, messageId, start, end, data);
  }

  private get rangeData(): { field: string; min: number; max: number } {
    return { field: this.spec.label, min: this.spec.low, max: this.spec.high };
  }

  /**
   * entry.c get_list(): ranges separated by ',', then Skip_Nonblanks: any
   * character that ends an element and is not ',' makes Debian skip the
   * rest of the field, whatever it is ("5#3", "*-5", "5#,6" = "5").
   */
  scan(): boolean {
    const t = this.token.text;
    let pos = 0;
    let ok = true;
    for (;;) {
      const r = this.parseRange(pos);
      if (r === undefined) return false;
      if (!r.ok) ok = false;
      pos = r.end;
      if (t[pos] === ',') {
        pos++;
        continue;
      }
      break;
    }
    if (!ok) return false;
    if (pos < t.length) {
      this.report(this.notes, 'skippedCharacters', pos, t.length, {
        field: this.spec.label,
        skipped: t.slice(pos),
        reads: t.slice(0, pos),
      });
    }
    return true;
  }

  /**
   * entry.c get_range(): "*", "n", "n-m", each of the last two with "/step"
   * only after "*" or a range. Returns undefined when Debian stops reading
   * the field in a way we cannot scan past, {ok:false} for a rejected
   * element after which the list can still be scanned for more findings.
   */
  private parseRange(start: number): { ok: boolean; end: number } | undefined {
    const t = this.token.text;
    const { low, high } = this.spec;
    let pos = start;
    let num1: number;
    let num2: number;
    let n1: NumberRead | undefined;
    let n2: NumberRead | undefined;
    if (t[pos] === '*') {
      num1 = low;
      num2 = high;
      pos++;
    } else {
      n1 = this.getNumber(pos, low, this.spec.names, 'value', start);
      if (n1 === undefined) return undefined;
      num1 = n1.value;
      pos = n1.end;
      if (t[pos] !== '-') {
        if (t[pos] === '/') {
          // "Unsupported syntax: Step specified without range" (entry.c)
          let end = pos + 1;
          while (isAlnum(t[end])) end++;
          this.error('stepWithoutRange', start, end, {
            value: n1.word,
            step: t.slice(pos + 1, end) || 'N',
            max: high,
          });
          return undefined;
        }
        if (!this.checkBounds(n1)) return { ok: false, end: pos };
        this.noteWrap(n1);
        this.bits[num1 - low] = true;
        return { ok: true, end: pos };
      }
      pos++; // eat the dash
      n2 = this.getNumber(pos, low, this.spec.names, 'rangeEnd', start);
      if (n2 === undefined) return undefined;
      num2 = n2.value;
      pos = n2.end;
    }

    let num3 = 1;
    let n3: NumberRead | undefined;
    let ok = true;
    if (t[pos] === '/') {
      pos++;
      n3 = this.getNumber(pos, 0, undefined, 'step', start);
      if (n3 === undefined) return undefined;
      num3 = n3.value;
      pos = n3.end;
      if (num3 <= 0) {
        if (/^0+$/.test(n3.word)) this.error('stepZero', n3.start, n3.end);
        else this.error('numberTooLarge', n3.start, n3.end, { word: n3.word, min: 1, max: high - low });
        ok = false;
      }
    }
    // "Explicitly check for sane values" (Debian's Entry-time-range-check patch)
    if (n1 && !this.checkBounds(n1)) ok = false;
    if (n2 && !this.checkBounds(n2)) ok = false;
    if (!ok) return { ok: false, end: pos };

    // for (i = num1; i <= num2; i += num3) set_element(...): int arithmetic,
    // so a huge step can overflow to a negative i, which set_element rejects.
    const selected: number[] = [];
    for (let i = num1; i <= num2; i = (i + num3) | 0) {
      if (i < low || i > high) {
        this.error('numberTooLarge', n3!.start, n3!.end, { word: n3!.word, min: 1, max: high - low });
        return { ok: false, end: pos };
      }
      selected.push(i);
    }
    for (const i of selected) this.bits[i - low] = true;
    if (n1) this.noteWrap(n1);
    if (n2) this.noteWrap(n2);
    if (n3) this.noteWrap(n3);

    const element = t.slice(start, pos);
    if (num1 > num2) {
      this.report(this.notes, 'reversedRange', start, pos, this.reversedData(element, num1, num2, n3?.word));
    } else if (n3 && num2 > num1 && num3 > num2 - num1) {
      const rangeText = t[start] === '*' ? `${low}-${high}` : `${num1}-${num2}`;
      this.report(this.notes, 'stepLargerThanRange', start, pos, { step: num3, range: rangeText, first: num1 });
    }
    return { ok: true, end: pos };
  }

  private reversedData(element: string, num1: number, num2: number, step: string | undefined): Record<string, string | number> {
    const { low, high } = this.spec;
    const stepText = step === undefined ? '' : `/${step}`;
    let suggestion: string;
    let sunday = '';
    if (this.spec.field === 'dayOfWeek') {
      sunday = ' and "sun" is 0, not 7';
      if (num2 === 0) suggestion = `"${num1}-7${stepText}" (Sunday is also 7)`;
      else suggestion = `"${num2}-${num1}${stepText}" for ${num2} to ${num1}, or "${num1}-6,${wrapTail(0, num2)}" to wrap around the week`;
    } else {
      suggestion = `"${num2}-${num1}${stepText}" for ${num2} to ${num1}, or "${num1}-${high},${wrapTail(low, num2)}" to wrap around`;
    }
    return { range: element, field: this.spec.label, suggestion, sunday };
  }

  private checkBounds(n: NumberRead): boolean {
    const { low, high } = this.spec;
    if (n.value >= low && n.value <= high) return true;
    if (n.wrappedFrom !== undefined) {
      this.error('numberTooLarge', n.start, n.end, { word: n.word, min: low, max: high });
    } else {
      const extra = this.spec.field === 'dayOfWeek' ? ' (0 and 7 are both Sunday)' : '';
      this.error('outOfRange', n.start, n.end, { value: n.word, ...this.rangeData, extra });
    }
    return false;
  }

  private noteWrap(n: NumberRead): void {
    if (n.wrappedFrom !== undefined) {
      const word = n.wrappedFrom.length > 24 ? `${n.wrappedFrom.slice(0, 12)}...${n.wrappedFrom.slice(-6)}` : n.wrappedFrom;
      this.report(this.notes, 'numberWraps', n.start, n.end, { word, value: n.value });
    }
  }

  /**
   * entry.c get_number(): collect alphanumerics; a name from the field's
   * list (case-insensitive, first match), else all digits via atoi(), else
   * Debian rejects the line.
   */
  private getNumber(pos: number, low: number, names: readonly string[] | undefined, role: Role, elementStart: number): NumberRead | undefined {
    const t = this.token.text;
    let end = pos;
    while (isAlnum(t[end])) end++;
    const word = t.slice(pos, end);
    if (word.length === 0) {
      this.reportMissing(pos, role, elementStart);
      return undefined;
    }
    const lower = word.toLowerCase();
    if (word.length < MAX_TEMPSTR && names) {
      const i = names.findIndex((n) => n.toLowerCase() === lower);
      if (i >= 0) return { value: i + low, word, start: pos, end };
    }
    if (isDigits(word)) {
      if (word.length >= MAX_TEMPSTR) {
        this.error('numberTooLarge', pos, end, {
          word: `${word.slice(0, 12)}...`,
          min: role === 'step' ? 1 : this.spec.low,
          max: role === 'step' ? this.spec.high - this.spec.low : this.spec.high,
        });
        return undefined;
      }
      const value = atoi(word);
      const read: NumberRead = { value, word, start: pos, end };
      if (BigInt(word) !== BigInt(value)) read.wrappedFrom = word;
      return read;
    }
    this.reportWord(word, pos, end, role);
    return undefined;
  }

  private reportMissing(pos: number, role: Role, elementStart: number): void {
    const t = this.token.text;
    const at = t[pos];
    const spanStart = at === undefined ? Math.max(pos - 1, 0) : pos;
    const cp = at === undefined ? undefined : String.fromCodePoint(t.codePointAt(pos)!);
    const spanEnd = at === undefined ? pos : pos + cp!.length;
    const field = this.spec.label;
    if (role === 'value' && pos === elementStart && (at === undefined || at === ',')) {
      this.error('emptyListItem', spanStart, spanEnd, { field });
      return;
    }
    const expected =
      role === 'step'
        ? 'a step number after "/"'
        : role === 'rangeEnd'
          ? `${this.spec.names ? 'a number or name' : 'a number'} after "-"`
          : this.spec.names
            ? 'a number, a name or "*"'
            : 'a number or "*"';
    const found = cp === undefined ? 'the end of the field' : `"${cp}"`;
    let advice: string;
    if (cp === '?') advice = 'Debian has no "?"; write "*" for "every".';
    else if (cp === '-' && role === 'value') advice = `Debian has no negative values or open ranges; write both ends, e.g. "${this.spec.low}-${Math.min(this.spec.low + 5, this.spec.high)}".`;
    else if (role === 'rangeEnd') advice = `Write both ends of the range, e.g. "${this.spec.low}-${this.spec.high}".`;
    else if (role === 'step') advice = 'Write the step as a number right after "/", e.g. "*/5".';
    else advice = `Write a number from ${this.spec.low} to ${this.spec.high}${this.spec.names ? ', a three-letter name' : ''} or "*".`;
    this.error('expectedNumber', spanStart, spanEnd, { expected, found, field, advice });
  }

  private reportWord(word: string, start: number, end: number, role: Role): void {
    const lower = word.toLowerCase();
    const monthName = MONTH_NAMES.some((n) => n.toLowerCase() === lower);
    const dayName = DOW_NAMES.some((n) => n.toLowerCase() === lower);
    const field = this.spec.label;
    if (role === 'step') {
      if (monthName || dayName) this.error('nameAsStep', start, end, { word });
      else this.error('notANumber', start, end, { word, field: `${field} step`, advice: 'Write the step as a plain number, e.g. "*/5".' });
      return;
    }
    if (monthName || dayName) {
      const kind = monthName ? 'month' : 'day';
      if (this.spec.namesKind !== kind) {
        const accepts = this.spec.namesKind === 'month' ? 'numbers and month names' : this.spec.namesKind === 'day' ? 'numbers and day names' : 'numbers only';
        this.error('nameNotAllowed', start, end, { word, kind, field, accepts, min: this.spec.low, max: this.spec.high });
        return;
      }
    }
    const advice = wordAdvice(word, this.spec);
    if (this.spec.names) this.error('unknownName', start, end, { word, field, advice });
    else this.error('notANumber', start, end, { word, field, advice });
  }
}

/** "0" or "0-2": the part of a wrapped-around range after the field's end. */
function wrapTail(low: number, end: number): string {
  return end === low ? String(low) : `${low}-${end}`;
}

function wordAdvice(word: string, spec: FieldSpec): string {
  const upper = word.toUpperCase();
  if (/^[0-9]*L$/.test(upper) || /^L[0-9]*$/.test(upper)) {
    return 'Debian has no "L" (last) syntax; list the days you mean, or run on days 28-31 and let the script check the date.';
  }
  if (/^[0-9]*W$/.test(upper) || upper === 'LW') {
    return 'Debian has no "W" (nearest weekday) syntax; list the days you mean.';
  }
  if (upper === 'H' || /^H[0-9]/.test(upper)) {
    return 'Debian has no "H" (hashed) syntax; pick a fixed value.';
  }
  if (spec.names) {
    const prefix = spec.names.find((n) => lower3(word) === n.toLowerCase());
    const names = spec.namesKind === 'month' ? 'jan-dec' : 'sun-sat';
    if (prefix) return `Debian knows only the three-letter names ${names} (any case); write "${prefix.toLowerCase()}".`;
    return `Debian knows only the three-letter names ${names} (any case) and the numbers ${spec.low}-${spec.high}.`;
  }
  if (/^[0-9]+[a-z]+$/i.test(word)) {
    return `Letters cannot follow a number; write a number from ${spec.low} to ${spec.high}.`;
  }
  return `Write a number from ${spec.low} to ${spec.high}, or "*".`;
}

function lower3(word: string): string {
  return word.length > 3 ? word.slice(0, 3).toLowerCase() : '';
}

/** Five-field example used in hints, keeping the fields the user wrote. */
function exampleFor(tokens: readonly Token[]): string {
  const defaults = ['0', '3', '*', '*', '*'];
  return defaults.map((d, i) => tokens[i]?.text ?? d).join(' ');
}

function keywordModel(keyword: string): ScheduleModel {
  const all = (low: number, high: number): number[] => Array.from({ length: high - low + 1 }, (_, i) => i + low);
  const m: ScheduleModel = {
    keyword,
    reboot: false,
    minute: [0],
    hour: [0],
    dayOfMonth: all(1, 31),
    month: all(1, 12),
    dayOfWeek: all(0, 7),
    domStar: false,
    dowStar: false,
    minuteStar: false,
    hourStar: false,
  };
  // entry.c load_entry(), the "if (ch == '@')" branch, value for value.
  switch (keyword) {
    case 'reboot':
      return { ...m, reboot: true, minute: [], hour: [], dayOfMonth: [], month: [], dayOfWeek: [] };
    case 'yearly':
    case 'annually':
      return { ...m, dayOfMonth: [1], month: [1], dowStar: true };
    case 'monthly':
      return { ...m, dayOfMonth: [1], dowStar: true };
    case 'weekly':
      return { ...m, domStar: true, dayOfWeek: [0, 7] };
    case 'daily':
    case 'midnight':
      return m;
    case 'hourly':
      return { ...m, hour: all(0, 23), hourStar: true };
    default:
      throw new Error(`keywordModel: unknown keyword ${keyword}`);
  }
}

function valuesOf(bits: readonly boolean[], low: number): number[] {
  const out: number[] = [];
  bits.forEach((b, i) => {
    if (b) out.push(i + low);
  });
  return out;
}

/**
 * Parses a schedule the way Debian 12's cron reads it. `model` is present
 * exactly when Debian accepts the line; reports say what Debian rejects and
 * what it accepts but reads differently from what is written.
 */
export function parseSchedule(text: string): ScheduleResult {
  const reports: ScheduleReport[] = [];
  const done = (model?: ScheduleModel): ScheduleResult => {
    reports.sort((a, b) => a.offset - b.offset);
    return model ? { model, reports } : { reports };
  };

  const newline = text.search(/[\n]/);
  if (newline >= 0) {
    reports.push({ messageId: 'lineBreak', offset: newline, length: 1 });
    return done();
  }

  // misc.c skip_comments(): leading ' '/'\t', then '#' makes a comment line.
  let first = 0;
  while (first < text.length && isBlank(text[first])) first++;
  if (first >= text.length) {
    reports.push({ messageId: 'emptySchedule', offset: 0, length: text.length });
    return done();
  }
  if (text[first] === '#') {
    reports.push({ messageId: 'readAsComment', offset: first, length: text.length - first });
    return done();
  }

  // user.c load_user() calls load_env() before load_entry().
  const variable = readAsVariable(`${text.slice(first)} root true`);
  if (variable !== undefined) {
    const eq = text.indexOf('=', first);
    reports.push({ messageId: 'readAsVariable', offset: eq >= 0 ? eq : first, length: 1, data: { name: variable } });
    return done();
  }

  const tokens = tokenize(text, first);
  const head = tokens[0]!;

  if (head.text.startsWith('@')) {
    // entry.c: get_string(cmd, MAX_COMMAND, file, " \t\n"), then strcmp() (case-sensitive).
    const keyword = head.text.slice(1);
    let ok = true;
    if (!(scheduleKeywords as readonly string[]).includes(keyword)) {
      ok = false;
      const lower = keyword.toLowerCase();
      const suggestion = (scheduleKeywords as readonly string[]).includes(lower) ? `; write "@${lower}"` : '';
      reports.push({ messageId: 'unknownKeyword', offset: head.offset, length: head.text.length, data: { keyword, suggestion } });
    }
    if (tokens.length > 1) {
      ok = false;
      const extra = tokens[1]!;
      reports.push({
        messageId: 'extraFields',
        offset: extra.offset,
        length: tokens[tokens.length - 1]!.offset + tokens[tokens.length - 1]!.text.length - extra.offset,
        data: { extra: text.slice(extra.offset).trimEnd(), after: `"${head.text}"` },
      });
    }
    return done(ok ? keywordModel(keyword) : undefined);
  }

  const scanners: FieldScanner[] = [];
  let accepted = true;
  for (let k = 0; k < Math.min(tokens.length, 5); k++) {
    const scanner = new FieldScanner(tokens[k]!, FIELD_SPECS[k]!);
    const ok = scanner.scan();
    reports.push(...scanner.errors);
    if (ok) reports.push(...scanner.notes);
    else accepted = false;
    scanners.push(scanner);
  }
  if (tokens.length < 5) {
    accepted = false;
    const last = tokens[tokens.length - 1]!;
    const end = last.offset + last.text.length;
    reports.push({
      messageId: 'missingFields',
      offset: first,
      length: end - first,
      data: { count: tokens.length, next: fieldLabels[scheduleFields[tokens.length]!], example: exampleFor(tokens) },
    });
  } else if (tokens.length > 5) {
    accepted = false;
    const extra = tokens[5]!;
    const last = tokens[tokens.length - 1]!;
    reports.push({
      messageId: 'extraFields',
      offset: extra.offset,
      length: last.offset + last.text.length - extra.offset,
      data: { extra: text.slice(extra.offset).trimEnd(), after: 'the five schedule fields' },
    });
  }
  if (!accepted) return done();

  const values = scanners.map((s, k) => valuesOf(s.bits, FIELD_SPECS[k]!.low));
  const dow = values[4]!;
  // entry.c: "make sundays equivilent"
  if (dow.includes(0) || dow.includes(7)) {
    if (!dow.includes(0)) dow.unshift(0);
    if (!dow.includes(7)) dow.push(7);
  }
  const model: ScheduleModel = {
    reboot: false,
    minute: values[0]!,
    hour: values[1]!,
    dayOfMonth: values[2]!,
    month: values[3]!,
    dayOfWeek: dow,
    // entry.c: "if (ch == '*') e->flags |= ..._STAR" on the field's first character
    minuteStar: tokens[0]!.text.startsWith('*'),
    hourStar: tokens[1]!.text.startsWith('*'),
    domStar: tokens[2]!.text.startsWith('*'),
    dowStar: tokens[4]!.text.startsWith('*'),
  };
  reports.push(...scheduleChecks(model, tokens));
  return done(model);
}

/** Findings about the schedule as a whole, for a schedule Debian accepted. */
function scheduleChecks(model: ScheduleModel, tokens: readonly Token[]): ScheduleReport[] {
  const out: ScheduleReport[] = [];
  const at = (k: number, messageId: ScheduleMessageId, data?: Record<string, string | number>): void => {
    const t = tokens[k]!;
    const r: ScheduleReport = { messageId, offset: t.offset, length: t.text.length };
    if (data) r.data = data;
    out.push(r);
  };
  let explained = false;
  const simple: Array<[number, number[]]> = [
    [0, model.minute],
    [1, model.hour],
    [3, model.month],
  ];
  for (const [k, vals] of simple) {
    if (vals.length === 0) {
      at(k, 'fieldSelectsNothing', { field: fieldLabels[scheduleFields[k]!] });
      explained = true;
    }
  }
  const and = model.domStar || model.dowStar;
  const domEmpty = model.dayOfMonth.length === 0;
  const dowEmpty = model.dayOfWeek.length === 0;
  const domFull = model.dayOfMonth.length === 31;
  const dowFull = model.dayOfWeek.length === 8;
  if (and || (domEmpty && dowEmpty)) {
    if (domEmpty) at(2, 'fieldSelectsNothing', { field: 'day-of-month' });
    if (dowEmpty) at(4, 'fieldSelectsNothing', { field: 'day-of-week' });
    if (domEmpty || dowEmpty) explained = true;
  } else if (domEmpty) {
    at(2, 'dayFieldSelectsNothing', { field: 'day-of-month', other: 'day-of-week' });
  } else if (dowEmpty) {
    at(4, 'dayFieldSelectsNothing', { field: 'day-of-week', other: 'day-of-month' });
  }
  if (!explained) {
    const reason = neverRunsReason(model);
    if (reason !== undefined) {
      const start = tokens[2]!.offset;
      const end = tokens[3]!.offset + tokens[3]!.text.length;
      out.push({ messageId: 'neverRuns', offset: start, length: end - start, data: { reason } });
      explained = true;
    }
  }
  if (!explained && !domEmpty && !dowEmpty) {
    if (and && !domFull && !dowFull) {
      const k = model.domStar ? 2 : 4;
      const field = k === 2 ? 'day-of-month' : 'day-of-week';
      at(k, 'starStepDayRule', { field, description: describeDayRule(model) });
    } else if (!and && domFull !== dowFull) {
      if (domFull) at(2, 'dayFieldSelectsEveryDay', { field: 'day-of-month', other: 'day-of-week' });
      else at(4, 'dayFieldSelectsEveryDay', { field: 'day-of-week', other: 'day-of-month' });
    }
  }
  return out;
}
