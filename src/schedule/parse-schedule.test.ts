import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSchedule } from './parse-schedule.js';
import { parseMetadataSchedule } from './metadata-schedule.js';
import { formatScheduleReport } from './format-report.js';
import { scheduleMessages, scheduleMisreadIds } from '../catalogue/schedule-messages.js';
import type { ScheduleMessageId } from '../catalogue/schedule-messages.js';
import type { ScheduleModel, ScheduleReport } from './model.js';

/** A report's data, any message's: the tests read one value by name. */
const dataOf = (report: ScheduleReport | undefined): Readonly<Record<string, string | number>> => report?.data ?? {};

const range = (a: number, b: number, step = 1): number[] => {
  const out: number[] = [];
  for (let i = a; i <= b; i += step) out.push(i);
  return out;
};
const ALL_DOW = range(0, 7);

function accept(text: string): ScheduleModel {
  const r = parseSchedule(text);
  assert.ok(r.model, `Debian accepts ${JSON.stringify(text)}, but we got ${JSON.stringify(r.reports)}`);
  return r.model;
}

function reject(text: string, messageId?: ScheduleMessageId): void {
  const r = parseSchedule(text);
  assert.equal(r.model, undefined, `Debian rejects ${JSON.stringify(text)}`);
  assert.ok(
    r.reports.some((x) => scheduleMessages[x.messageId].severity === 'error'),
    `expected an error for ${JSON.stringify(text)}`,
  );
  if (messageId) assert.ok(r.reports.some((x) => x.messageId === messageId), `${JSON.stringify(text)}: want ${messageId}, got ${r.reports.map((x) => x.messageId).join(',')}`);
}

function ids(text: string): ScheduleMessageId[] {
  return parseSchedule(text).reports.map((r) => r.messageId);
}

// ---------------------------------------------------------------------------
// Every message id: an example, where the report points, and whether Debian accepts it.

interface MessageCase {
  text: string;
  /** Read as METADATA with H, this lock name the seed (parseMetadataSchedule). */
  seed?: string;
  /** the reported span, as the substring it covers */
  span: string;
  spanAt?: number;
}

const MESSAGE_CASES: Record<ScheduleMessageId, MessageCase[]> = {
  emptySchedule: [{ text: '   ', span: '   ' }],
  readAsComment: [{ text: ' #0 3 * * *', span: '#0 3 * * *' }],
  readAsVariable: [
    { text: '*/5=2 * * * *', span: '=' },
    { text: '5 =3 * * *', span: '=' },
  ],
  lineBreak: [{ text: '0 3 * *\n*', span: '\n' }],
  missingFields: [{ text: '0 3 * *', span: '0 3 * *' }],
  extraFields: [
    { text: '0 0 3 * * * 2024', span: '* 2024', spanAt: 10 },
    { text: '@daily 5', span: '5' },
  ],
  unknownKeyword: [
    { text: '@Daily', span: '@Daily' },
    { text: '@every', span: '@every' },
  ],
  outOfRange: [
    { text: '0 24 * * *', span: '24' },
    { text: '0 0 1,32 * *', span: '32' },
    { text: '0 0 * * 8', span: '8' },
    { text: '0 0 * 0 *', span: '0', spanAt: 6 },
  ],
  numberTooLarge: [
    { text: '99999999999999999999 * * * *', span: '99999999999999999999' },
    { text: '59-59/2147483600 * * * *', span: '2147483600' },
  ],
  stepWithoutRange: [{ text: '5/10 * * * *', span: '5/10' }],
  stepZero: [{ text: '*/0 * * * *', span: '0', spanAt: 2 }],
  nameAsStep: [{ text: '0 0 * * */mon', span: 'mon' }],
  nameNotAllowed: [
    { text: 'mon * * * *', span: 'mon' },
    { text: '0 0 * mon *', span: 'mon' },
    { text: '0 0 * * jan', span: 'jan' },
  ],
  unknownName: [
    { text: '0 0 * * monday', span: 'monday' },
    { text: '0 0 * * 5L', span: '5L' },
  ],
  notANumber: [
    { text: '5L * * * *', span: '5L' },
    { text: '0 0 15W * *', span: '15W' },
    { text: '5x * * * *', span: '5x' },
  ],
  emptyListItem: [
    { text: '1,,2 * * * *', span: ',', spanAt: 2 },
    { text: '1, * * * *', span: ',' },
  ],
  expectedNumber: [
    { text: '0 0 ? * 1', span: '?' },
    { text: '5- * * * *', span: '-' },
    { text: '*/ * * * *', span: '/' },
  ],
  skippedCharacters: [
    { text: '5#3 * * * *', span: '#3' },
    { text: '0 0 * * 5?', span: '?' },
    { text: '*/5; * * * *', span: ';' },
  ],
  numberWraps: [{ text: '4294967301 * * * *', span: '4294967301' }],
  reversedRange: [
    { text: '5-1 * * * *', span: '5-1' },
    { text: '0 0 * * mon-sun', span: 'mon-sun' },
  ],
  fieldSelectsNothing: [{ text: '0 22-2 * * *', span: '22-2' }],
  dayFieldSelectsNothing: [{ text: '0 0 5-1 * 1', span: '5-1' }],
  neverRuns: [
    { text: '0 0 30 2 *', span: '30 2' },
    { text: '0 0 31 4,6 *', span: '31 4,6' },
  ],
  stepLargerThanRange: [{ text: '*/90 * * * *', span: '*/90' }],
  starStepDayRule: [{ text: '0 0 */2 * 1', span: '*/2' }],
  dayFieldSelectsEveryDay: [{ text: '0 0 1-31 * 1', span: '1-31' }],
  hashTerm: [
    { text: 'H(0-29 * * * *', span: 'H(0-29', seed: 'job' },
    { text: '0 Hx * * *', span: 'Hx', seed: 'job' },
    { text: '5,H/ * * * *', span: 'H/', seed: 'job' },
  ],
  hashRange: [
    { text: 'H(0-60) * * * *', span: 'H(0-60)', seed: 'job' },
    { text: '0 0 * * H(5-2)', span: 'H(5-2)', seed: 'job' },
  ],
  hashStep: [
    { text: 'H/0 * * * *', span: 'H/0', seed: 'job' },
    { text: '0 H(0-9)/11 * * *', span: 'H(0-9)/11', seed: 'job' },
  ],
  hashInKeyword: [
    { text: 'H * * *', span: 'H', seed: 'job' },
    { text: '@daily H', span: 'H', seed: 'job' },
  ],
};

test('every schedule message id has at least one test case', () => {
  const missing = Object.keys(scheduleMessages).filter((id) => (MESSAGE_CASES[id as ScheduleMessageId] ?? []).length === 0);
  assert.deepEqual(missing, []);
});

for (const [id, cases] of Object.entries(MESSAGE_CASES) as Array<[ScheduleMessageId, MessageCase[]]>) {
  test(`message ${id} (${scheduleMessages[id].code})`, () => {
    for (const c of cases) {
      const result = c.seed === undefined ? parseSchedule(c.text) : parseMetadataSchedule(c.text, c.seed);
      const report = result.reports.find((r) => r.messageId === id);
      assert.ok(report, `${JSON.stringify(c.text)} should report ${id}; got ${JSON.stringify(result.reports)}`);
      assert.equal(c.text.slice(report.offset, report.offset + report.length), c.span, `${JSON.stringify(c.text)}: span`);
      if (c.spanAt !== undefined) assert.equal(report.offset, c.spanAt);
      // Misread ids keep a model (Debian accepts); the others mean Debian rejects.
      assert.equal(result.model !== undefined, scheduleMisreadIds.has(id), `${JSON.stringify(c.text)}: model presence`);
      const d = formatScheduleReport(report);
      assert.equal(d.code, scheduleMessages[id].code);
      assert.equal(d.column, report.offset + 1);
      assert.equal(d.endColumn, report.offset + report.length + 1);
      assert.doesNotMatch(d.message, /\{\w+\}/, `unfilled placeholder in ${d.message}`);
      assert.doesNotMatch(d.hint ?? '', /\{\w+\}/, `unfilled placeholder in ${d.hint}`);
    }
  });
}

// ---------------------------------------------------------------------------
// The facts from the issue, one by one.

test('five fields with Debian ranges: minute 0-59, hour 0-23, dom 1-31, month 1-12, dow 0-7', () => {
  const m = accept('59 23 31 12 7');
  assert.deepEqual([m.minute, m.hour, m.dayOfMonth, m.month], [[59], [23], [31], [12]]);
  accept('0 0 1 1 0');
  reject('60 * * * *', 'outOfRange');
  reject('* 24 * * *', 'outOfRange');
  reject('* * 0 * *', 'outOfRange');
  reject('* * 32 * *', 'outOfRange');
  reject('* * * 0 *', 'outOfRange');
  reject('* * * 13 *', 'outOfRange');
  reject('* * * * 8', 'outOfRange');
});

test('0 and 7 are both Sunday: Debian stores Sunday as both 0 and 7', () => {
  assert.deepEqual(accept('0 0 * * 0').dayOfWeek, [0, 7]);
  assert.deepEqual(accept('0 0 * * 7').dayOfWeek, [0, 7]);
  assert.deepEqual(accept('0 0 * * sun').dayOfWeek, [0, 7]);
  assert.deepEqual(accept('0 0 * * 5-7').dayOfWeek, [0, 5, 6, 7]);
  assert.deepEqual(accept('0 0 * * *').dayOfWeek, ALL_DOW);
});

test('keywords: the eight Debian knows, case-sensitive, each with its Debian meaning', () => {
  const all = (a: number, b: number): number[] => range(a, b);
  const expect: Record<string, Partial<ScheduleModel>> = {
    reboot: { reboot: true, minute: [], hour: [], dayOfMonth: [], month: [], dayOfWeek: [], domStar: false, dowStar: false },
    yearly: { minute: [0], hour: [0], dayOfMonth: [1], month: [1], dayOfWeek: ALL_DOW, domStar: false, dowStar: true },
    annually: { minute: [0], hour: [0], dayOfMonth: [1], month: [1], dayOfWeek: ALL_DOW, domStar: false, dowStar: true },
    monthly: { minute: [0], hour: [0], dayOfMonth: [1], month: all(1, 12), dowStar: true, domStar: false },
    weekly: { minute: [0], hour: [0], dayOfMonth: all(1, 31), dayOfWeek: [0, 7], domStar: true, dowStar: false },
    daily: { minute: [0], hour: [0], dayOfMonth: all(1, 31), dayOfWeek: ALL_DOW, domStar: false, dowStar: false },
    midnight: { minute: [0], hour: [0], dayOfMonth: all(1, 31), dayOfWeek: ALL_DOW, domStar: false, dowStar: false },
    hourly: { minute: [0], hour: all(0, 23), hourStar: true, minuteStar: false },
  };
  for (const [kw, want] of Object.entries(expect)) {
    const m = accept(`@${kw}`);
    assert.equal(m.keyword, kw);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(m[k as keyof ScheduleModel], v, `@${kw}.${k}`);
    assert.deepEqual(parseSchedule(`@${kw}`).reports, []);
  }
  accept('  @daily\t');
  reject('@Daily', 'unknownKeyword');
  reject('@HOURLY', 'unknownKeyword');
  reject('@every', 'unknownKeyword');
  reject('@', 'unknownKeyword');
  reject('@ daily', 'unknownKeyword');
  reject('@daily#x', 'unknownKeyword');
  reject('@daily *', 'extraFields');
});

test('elements: number, *, a-b, and /n only after * or a range', () => {
  assert.deepEqual(accept('7 * * * *').minute, [7]);
  assert.deepEqual(accept('007 * * * *').minute, [7]);
  assert.deepEqual(accept('* * * * *').minute, range(0, 59));
  assert.deepEqual(accept('10-15 * * * *').minute, range(10, 15));
  assert.deepEqual(accept('*/15 * * * *').minute, [0, 15, 30, 45]);
  assert.deepEqual(accept('10-40/10 * * * *').minute, [10, 20, 30, 40]);
  assert.deepEqual(accept('1,5-7,*/30 * * * *').minute, [0, 1, 5, 6, 7, 30]);
  reject('5/10 * * * *', 'stepWithoutRange');
  reject('*/0 * * * *', 'stepZero');
  reject('0-10/0 * * * *', 'stepZero');
  reject('*/x * * * *', 'notANumber');
});

test('both ends of a range are bounds-checked, also when reversed', () => {
  reject('5-60 * * * *', 'outOfRange');
  reject('60-5 * * * *', 'outOfRange');
  reject('0 0 0-5 * *', 'outOfRange');
  reject('5-64/30 * * * *', 'outOfRange');
});

test('a step larger than the range selects the first value only (warning)', () => {
  assert.deepEqual(accept('*/90 * * * *').minute, [0]);
  assert.deepEqual(accept('10-20/30 * * * *').minute, [10]);
  assert.deepEqual(accept('0 */24 * * *').hour, [0]);
  const r = parseSchedule('10-20/30 * * * *');
  assert.deepEqual(r.reports.map((x) => [x.messageId, dataOf(x)['first']]), [['stepLargerThanRange', 10]]);
  assert.equal(scheduleMessages.stepLargerThanRange.severity, 'warning');
});

test('names: three-letter jan..dec and sun..sat in any case, only in month and dow', () => {
  assert.deepEqual(accept('0 0 * JAN,feb,Mar,dEc *').month, [1, 2, 3, 12]);
  assert.deepEqual(accept('0 0 * * SUN,mon,Tue,sAt').dayOfWeek, [0, 1, 2, 6, 7]);
  assert.deepEqual(accept('0 0 * * mon-fri').dayOfWeek, [1, 2, 3, 4, 5]);
  assert.deepEqual(accept('0 0 * jan-3 *').month, [1, 2, 3]);
  assert.deepEqual(accept('0 0 * 10-dec *').month, [10, 11, 12]);
  assert.deepEqual(accept('0 0 * * mon-fri/2').dayOfWeek, [1, 3, 5]);
  reject('0 0 * * */mon', 'nameAsStep');
  reject('0 0 * 1-12/feb *', 'nameAsStep');
  reject('jan * * * *', 'nameNotAllowed');
  reject('0 mon * * *', 'nameNotAllowed');
  reject('0 0 sun * *', 'nameNotAllowed');
  reject('0 0 * mon *', 'nameNotAllowed');
  reject('0 0 * * feb', 'nameNotAllowed');
  reject('0 0 * * monday', 'unknownName');
  reject('0 0 * january *', 'unknownName');
  reject('0 0 * * tues', 'unknownName');
});

test('sun is always 0, so mon-sun is a reversed range that selects nothing', () => {
  const r = parseSchedule('0 0 * * mon-sun');
  assert.ok(r.model);
  assert.deepEqual(r.model.dayOfWeek, []);
  assert.ok(ids('0 0 * * mon-sun').includes('reversedRange'));
  assert.deepEqual(accept('0 0 * * mon-7').dayOfWeek, [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('a reversed range is accepted and selects nothing', () => {
  assert.deepEqual(accept('5-1 * * * *').minute, []);
  assert.deepEqual(accept('1,5-1 * * * *').minute, [1]);
  assert.deepEqual(accept('5-1/2 * * * *').minute, []);
  assert.deepEqual(ids('1,5-1 * * * *'), ['reversedRange']);
  assert.deepEqual(ids('5-1 * * * *'), ['reversedRange', 'fieldSelectsNothing']);
});

test('empty list items are rejected', () => {
  reject('1,,2 * * * *', 'emptyListItem');
  reject(',1 * * * *', 'emptyListItem');
  reject('1, * * * *', 'emptyListItem');
  reject('0 0 * * 1,', 'emptyListItem');
});

test('after an element, any other character makes Debian skip the rest of the field', () => {
  assert.deepEqual(accept('5#3 * * * *').minute, [5]);
  assert.deepEqual(accept('5? * * * *').minute, [5]);
  assert.deepEqual(accept('*/5; * * * *').minute, [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
  // Not only non-alphanumerics are skipped: once skipping starts, everything to the next blank goes.
  assert.deepEqual(accept('5#,6 * * * *').minute, [5]);
  assert.deepEqual(accept('*5 * * * *').minute, range(0, 59));
  assert.deepEqual(accept('*-5 * * * *').minute, range(0, 59));
  assert.deepEqual(accept('1-5-7 * * * *').minute, range(1, 5));
  assert.deepEqual(accept('*/5/2 * * * *').minute, range(0, 55, 5));
  assert.deepEqual(accept('5é * * * *').minute, [5]);
  const r = parseSchedule('5#,6 * * * *');
  assert.deepEqual(r.reports[0]?.data, { field: 'minute', skipped: '#,6', reads: '5' });
  reject('5L * * * *', 'notANumber');
  reject('0 0 15W * *', 'notANumber');
  reject('0 0 ? * *', 'expectedNumber');
  reject('5x * * * *', 'notANumber');
  reject('#5 * * * *', 'readAsComment');
});

test('star flags: a day field counts as "*" when its first character is "*"', () => {
  const m = accept('*/2 1 */3 * 1');
  assert.equal(m.domStar, true);
  assert.equal(m.dowStar, false);
  assert.equal(m.minuteStar, true);
  assert.equal(m.hourStar, false);
  assert.equal(accept('0 0 *,5 * *').domStar, true);
  assert.equal(accept('0 0 1-31 * *').domStar, false);
  assert.equal(accept('0 0 * * *-5').dowStar, true);
});

test('a date that never comes is accepted and reported as never running', () => {
  for (const text of ['0 0 30 2 *', '0 0 31 4 *', '0 0 31 2,4,6 *']) {
    const r = parseSchedule(text);
    assert.ok(r.model, text);
    assert.deepEqual(r.reports.map((x) => x.messageId), ['neverRuns'], text);
  }
  assert.equal(dataOf(parseSchedule('0 0 30 2 *').reports[0])['reason'], 'February has no day 30');
  // with OR (neither day field starred), a day-of-week still runs it
  assert.deepEqual(ids('0 0 30 2 1'), []);
  // Feb 29 exists
  assert.deepEqual(ids('0 0 29 2 *'), []);
});

test('numbers go through glibc atoi(): overflow wraps to 32 bits', () => {
  assert.deepEqual(accept('4294967301 * * * *').minute, [5]);
  assert.deepEqual(accept('*/4294967297 * * * *').minute, range(0, 59));
  reject('4294967296-5 * 0 * *');
  reject('*/4294967296 * * * *', 'numberTooLarge');
  reject('*/99999999999999999999 * * * *', 'numberTooLarge');
  assert.deepEqual(accept('0-0/2147483647 * * * *').minute, [0]);
  reject('59-59/2147483600 * * * *', 'numberTooLarge');
});

test('a line Debian reads as a comment or an environment setting is not a job', () => {
  reject('# 0 3 * * *', 'readAsComment');
  reject('\t#', 'readAsComment');
  reject('FOO=bar', 'readAsVariable');
  reject('5=3 * * * *', 'readAsVariable');
  reject('0 = * * *', 'readAsVariable');
  assert.equal(dataOf(parseSchedule('*/5=2 * * * *').reports[0])['name'], '*/5');
  // '=' not in the first word (or right after it) is just junk
  assert.deepEqual(accept('0 0=1 * * *').hour, [0]);
  // a quoted "name" with '=' inside is not a variable
  reject('"a=b" * * * *', 'expectedNumber');
});

test('blanks: spaces and tabs separate fields; other whitespace is junk', () => {
  assert.deepEqual(accept(' \t0\t\t3  * *\t* ').hour, [3]);
  assert.deepEqual(accept('0\r 3 * * *').minute, [0]);
  assert.deepEqual(ids('0\r 3 * * *'), ['skippedCharacters']);
});

test('wrong number of fields', () => {
  reject('', 'emptySchedule');
  reject('0 3 *', 'missingFields');
  reject('0 3 * * * *', 'extraFields');
  reject('0 0 3 * * * 2024', 'extraFields');
  const r = parseSchedule('0 3 * *');
  assert.equal(r.reports.find((x) => x.messageId === 'missingFields')?.data?.['next'], 'day-of-week');
});

test('reports point at the offending element, not the start of the schedule', () => {
  const r = parseSchedule('0 0 1,15,32 * *');
  assert.deepEqual(r.reports.map((x) => [x.messageId, x.offset, x.length]), [['outOfRange', 9, 2]]);
  const s = parseSchedule('70 25 * * *');
  assert.deepEqual(s.reports.map((x) => [x.messageId, x.offset, x.length]), [
    ['outOfRange', 0, 2],
    ['outOfRange', 3, 2],
  ]);
});

test('UTF-16 offsets: characters outside the BMP count as two', () => {
  const r = parseSchedule('0 😀 * * *');
  assert.equal(r.model, undefined);
  const e = r.reports.find((x) => x.messageId === 'expectedNumber');
  assert.ok(e);
  assert.equal(e.offset, 2);
  assert.equal(e.length, 2);
});

test('day rule warnings', () => {
  assert.deepEqual(ids('0 0 */2 * 1'), ['starStepDayRule']);
  assert.deepEqual(ids('0 0 1 * */2'), ['starStepDayRule']);
  assert.deepEqual(ids('0 0 * * 1'), []);
  assert.deepEqual(ids('0 0 */2 * *'), []);
  assert.deepEqual(ids('0 0 1 * 1'), []);
  assert.deepEqual(ids('0 0 1-31 * 1'), ['dayFieldSelectsEveryDay']);
  assert.deepEqual(ids('0 0 1 * 0-6'), ['dayFieldSelectsEveryDay']);
  assert.deepEqual(ids('0 0 1-31 * 0-6'), []);
});

test('Debian accepts => model present, and only misread ids can be errors', () => {
  for (const text of ['5#3 * * * *', '5-1 * * * *', '0 0 30 2 *', '4294967301 * * * *', '0 0 5-1 * 1']) {
    const r = parseSchedule(text);
    assert.ok(r.model, text);
    for (const rep of r.reports) assert.ok(scheduleMisreadIds.has(rep.messageId), `${text}: ${rep.messageId}`);
  }
});

test('the memoised result is shared and frozen: a caller cannot change what the next caller gets', () => {
  const first = parseSchedule('*/7 3 * * 1-5');
  assert.equal(parseSchedule('*/7 3 * * 1-5'), first, 'one parse, one object: load/peak.ts counts schedules by it');
  assert.throws(() => (first.model!.minute as number[]).push(1), TypeError);
  assert.throws(() => ((first.model as { hourStar: boolean }).hourStar = true), TypeError);
  const rejected = parseSchedule('61 * * * *');
  assert.throws(() => (rejected.reports as unknown[]).pop(), TypeError);
  assert.deepEqual(parseSchedule('*/7 3 * * 1-5').model!.minute, [0, 7, 14, 21, 28, 35, 42, 49, 56]);
});
