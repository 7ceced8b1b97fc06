/**
 * A port of how Debian 12's cron (3.0pl1-162) reads ONE of the five time
 * fields of a crontab line: entry.c get_list(), get_range(), get_number()
 * and set_element(), with Debian's patches (Entry-time-range-check: "Explicitly
 * check for sane values"; "Unsupported syntax: Step specified without range").
 *
 * FieldScanner.scan() sets the field's bits exactly as Debian does and says
 * why Debian rejects the field (errors) or what it reads differently from
 * what is written (notes). The wording is in messages.ts: this file only
 * picks message and phrase ids and gives their values. Checked against
 * Debian's own code by test/schedule/oracle-diff.test.ts.
 */
import { atoi, isAlnum, isDigits, MAX_TEMPSTR, type Token } from './c-text.js';
import { DOW_NAMES, MONTH_NAMES, type ScheduleFieldSpec } from './fields.js';
import { missingNumberData, reversedRangeData, wordAdvice, type Role } from './field-advice.js';
import { schedulePhrase, type ScheduleMessageId } from '../catalogue/schedule-messages.js';
import { scheduleReport, type ScheduleDataArgs, type ScheduleReport } from './model.js';

/** What one get_number() call read. */
interface NumberRead {
  value: number;
  word: string;
  start: number;
  end: number;
  /** the digits' real value when atoi() changed it (overflow) */
  wrappedFrom?: string;
}

export class FieldScanner {
  /** errors that make Debian reject the field */
  readonly errors: ScheduleReport[] = [];
  /** "accepted but misread" findings, kept only if the field is accepted */
  readonly notes: ScheduleReport[] = [];
  /** set_element(): bit i is value min + i */
  readonly bits: boolean[];

  constructor(
    private readonly token: Token,
    private readonly spec: ScheduleFieldSpec,
  ) {
    this.bits = new Array<boolean>(spec.max - spec.min + 1).fill(false);
  }

  /** The values whose bits are set, ascending. */
  values(): number[] {
    const out: number[] = [];
    this.bits.forEach((b, i) => {
      if (b) out.push(i + this.spec.min);
    });
    return out;
  }

  private report<Id extends ScheduleMessageId>(target: ScheduleReport[], messageId: Id, start: number, end: number, ...data: ScheduleDataArgs<Id>): void {
    target.push(scheduleReport(messageId, this.token.offset + start, Math.max(end - start, 0), ...data));
  }

  private error<Id extends ScheduleMessageId>(messageId: Id, start: number, end: number, ...data: ScheduleDataArgs<Id>): void {
    this.report(this.errors, messageId, start, end, ...data);
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
      this.report(this.notes, 'skippedCharacters', pos, t.length, { field: this.spec.label, skipped: t.slice(pos), reads: t.slice(0, pos) });
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
    const { min, max } = this.spec;
    let pos = start;
    let num1: number;
    let num2: number;
    let n1: NumberRead | undefined;
    let n2: NumberRead | undefined;
    if (t[pos] === '*') {
      num1 = min;
      num2 = max;
      pos++;
    } else {
      n1 = this.getNumber(pos, min, this.spec.names, 'value', start);
      if (n1 === undefined) return undefined;
      num1 = n1.value;
      pos = n1.end;
      if (t[pos] !== '-') {
        if (t[pos] === '/') {
          // "Unsupported syntax: Step specified without range" (entry.c)
          let end = pos + 1;
          while (isAlnum(t[end])) end++;
          this.error('stepWithoutRange', start, end, { value: n1.word, step: t.slice(pos + 1, end) || 'N', max });
          return undefined;
        }
        if (!this.checkBounds(n1)) return { ok: false, end: pos };
        this.noteWrap(n1);
        this.bits[num1 - min] = true;
        return { ok: true, end: pos };
      }
      pos++; // eat the dash
      n2 = this.getNumber(pos, min, this.spec.names, 'rangeEnd', start);
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
        else this.error('numberTooLarge', n3.start, n3.end, { word: n3.word, min: 1, max: max - min });
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
      if (i < min || i > max) {
        this.error('numberTooLarge', n3!.start, n3!.end, { word: n3!.word, min: 1, max: max - min });
        return { ok: false, end: pos };
      }
      selected.push(i);
    }
    for (const i of selected) this.bits[i - min] = true;
    if (n1) this.noteWrap(n1);
    if (n2) this.noteWrap(n2);
    if (n3) this.noteWrap(n3);

    const element = t.slice(start, pos);
    if (num1 > num2) {
      this.report(this.notes, 'reversedRange', start, pos, reversedRangeData(this.spec, element, num1, num2, n3?.word));
    } else if (n3 && num2 > num1 && num3 > num2 - num1) {
      const rangeText = t[start] === '*' ? `${min}-${max}` : `${num1}-${num2}`;
      this.report(this.notes, 'stepLargerThanRange', start, pos, { step: num3, range: rangeText, first: num1 });
    }
    return { ok: true, end: pos };
  }

  private checkBounds(n: NumberRead): boolean {
    const { min, max, label } = this.spec;
    if (n.value >= min && n.value <= max) return true;
    if (n.wrappedFrom !== undefined) {
      this.error('numberTooLarge', n.start, n.end, { word: n.word, min, max });
    } else {
      const extra = this.spec.name === 'dayOfWeek' ? schedulePhrase('sundayIsBoth') : '';
      this.error('outOfRange', n.start, n.end, { value: n.word, field: label, min, max, extra });
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
        const { min, max } = this.spec;
        this.error('numberTooLarge', pos, end, { word: `${word.slice(0, 12)}...`, min: role === 'step' ? 1 : min, max: role === 'step' ? max - min : max });
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

  /** get_number() found no alphanumeric at all. */
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
    const { expected, found, advice } = missingNumberData(this.spec, role, cp);
    this.error('expectedNumber', spanStart, spanEnd, { expected, found, field, advice });
  }

  /** get_number() read a word that is neither a name of this field nor digits. */
  private reportWord(word: string, start: number, end: number, role: Role): void {
    const lower = word.toLowerCase();
    const monthName = MONTH_NAMES.some((n) => n.toLowerCase() === lower);
    const dayName = DOW_NAMES.some((n) => n.toLowerCase() === lower);
    const { label: field, min, max, namesKind } = this.spec;
    if (role === 'step') {
      if (monthName || dayName) this.error('nameAsStep', start, end, { word });
      else this.error('notANumber', start, end, { word, field: schedulePhrase('stepOfField', { field }), advice: schedulePhrase('adviceStepPlainNumber') });
      return;
    }
    if (monthName || dayName) {
      const kind = monthName ? 'month' : 'day';
      if (namesKind !== kind) {
        const accepts = schedulePhrase(namesKind === 'month' ? 'acceptsMonthNames' : namesKind === 'day' ? 'acceptsDayNames' : 'acceptsNumbersOnly');
        this.error('nameNotAllowed', start, end, { word, kind, field, accepts, min, max });
        return;
      }
    }
    const advice = wordAdvice(word, this.spec);
    this.error(this.spec.names ? 'unknownName' : 'notANumber', start, end, { word, field, advice });
  }
}
