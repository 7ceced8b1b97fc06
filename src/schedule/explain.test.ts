import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainSchedule } from './index.js';

const options = { now: new Date('2026-11-22T12:00:00Z'), count: 3, timeZone: 'Europe/Berlin' };

test('explain returns exactly the documented JSON shape', () => {
  const e = explainSchedule('0 0 */2 * 1', options);
  assert.deepEqual(Object.keys(e).sort(), ['cronSchedule', 'dayMatch', 'description', 'diagnostics', 'fields', 'next', 'schedule', 'valid']);
  assert.deepEqual(Object.keys(e.fields), ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek']);
  assert.equal(e.schedule, '0 0 */2 * 1');
  assert.equal(e.cronSchedule, e.schedule, 'no H: cron reads what was written');
  assert.equal(e.valid, true);
  assert.equal(e.dayMatch, 'and');
  assert.equal(e.description, 'At 00:00, on odd-numbered days of the month that are also a Monday');
  assert.deepEqual(e.next, ['2026-11-23T00:00:00+01:00', '2026-12-07T00:00:00+01:00', '2026-12-21T00:00:00+01:00']);
  assert.deepEqual(e.fields.dayOfWeek, [1]);
  assert.equal(e.diagnostics.length, 1);
  const d = e.diagnostics[0]!;
  assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'endColumn', 'hint', 'message', 'severity']);
  assert.deepEqual([d.code, d.severity, d.column, d.endColumn], ['CP2427', 'warning', 5, 8]);
  // plain JSON: survives a round trip unchanged
  assert.deepEqual(JSON.parse(JSON.stringify(e)), e);
});

test('explain: accepted but misread is not valid, and still shows what Debian will do', () => {
  const e = explainSchedule('5#3 * * * *', options);
  assert.equal(e.valid, false);
  assert.deepEqual(e.fields.minute, [5]);
  assert.equal(e.description, 'At 5 minutes past the hour');
  assert.deepEqual(e.next, ['2026-11-22T13:05:00+01:00', '2026-11-22T14:05:00+01:00', '2026-11-22T15:05:00+01:00']);
  assert.deepEqual(e.diagnostics.map((d) => [d.code, d.severity, d.column, d.endColumn, d.message]), [
    ['CP2420', 'error', 2, 4, 'Debian ignores "#3" and reads this minute field as "5".'],
  ]);
});

test('explain: rejected schedules have no fields and no runs', () => {
  const e = explainSchedule('0 0 * * 8', options);
  assert.equal(e.valid, false);
  assert.deepEqual(e.fields, { minute: [], hour: [], dayOfMonth: [], month: [], dayOfWeek: [] });
  assert.deepEqual(e.next, []);
  assert.deepEqual(e.diagnostics.map((d) => [d.code, d.column, d.endColumn]), [['CP2408', 9, 10]]);
  assert.match(e.diagnostics[0]!.hint ?? '', /^Debian ignores the whole cron\.d file/);
});

test('explain: OR day rule, never-running, @reboot', () => {
  assert.equal(explainSchedule('0 0 1 * 1', options).dayMatch, 'or');
  const never = explainSchedule('0 0 30 2 *', options);
  assert.deepEqual([never.valid, never.next, never.description], [false, [], 'Never runs: February has no day 30']);
  const reboot = explainSchedule('@reboot', options);
  assert.deepEqual([reboot.valid, reboot.next], [true, []]);
});
