import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CronExpressionParser } from 'cron-parser';
import { parseSchedule } from './parse-schedule.js';
import { nextRuns } from './next-runs.js';
import { formatInZone, ZoneOffsets } from './zone.js';
import type { ScheduleModel } from './model.js';
import { createRandom } from '../../test/schedule/schedule-corpus.js';

function model(text: string): ScheduleModel {
  const m = parseSchedule(text).model;
  assert.ok(m, `Debian accepts ${text}`);
  return m;
}

function runs(text: string, from: string, count: number, timeZone: string): string[] {
  const zone = new ZoneOffsets(timeZone);
  return nextRuns(model(text), { from: new Date(from), count, timeZone }).map((d) => formatInZone(d, zone));
}

test('0 0 */2 * 1 runs only on odd-numbered Mondays (Debian ANDs the day fields)', () => {
  const dates = nextRuns(model('0 0 */2 * 1'), { from: new Date('2026-01-01T00:00:00Z'), count: 40, timeZone: 'UTC' });
  assert.equal(dates.length, 40);
  for (const d of dates) {
    assert.equal(d.getUTCDay(), 1, d.toISOString());
    assert.equal(d.getUTCDate() % 2, 1, d.toISOString());
  }
  assert.deepEqual(runs('0 0 */2 * 1', '2026-11-22T12:00:00Z', 3, 'Europe/Berlin'), [
    '2026-11-23T00:00:00+01:00',
    '2026-12-07T00:00:00+01:00',
    '2026-12-21T00:00:00+01:00',
  ]);
  // cron-parser reads it the other way (odd days OR Mondays): 2026-01-03 is a Saturday.
  const other = CronExpressionParser.parse('0 0 */2 * 1', { currentDate: new Date('2026-01-01T00:00:00Z'), tz: 'UTC' });
  assert.equal(other.next().toISOString(), '2026-01-03T00:00:00.000Z');
});

test('without a star, the day fields are ORed', () => {
  assert.deepEqual(runs('0 0 1 * 1', '2026-11-22T12:00:00Z', 3, 'UTC'), [
    '2026-11-23T00:00:00+00:00',
    '2026-11-30T00:00:00+00:00',
    '2026-12-01T00:00:00+00:00',
  ]);
  // an empty day-of-month under OR leaves just the weekdays
  assert.deepEqual(runs('0 0 5-1 * 1', '2026-11-22T12:00:00Z', 2, 'UTC'), ['2026-11-23T00:00:00+00:00', '2026-11-30T00:00:00+00:00']);
});

test('Europe/Berlin, DST starts (02:00 -> 03:00): fixed-time jobs of the skipped hour run right after the jump', () => {
  // 2026-03-29: 01:59 CET is followed by 03:00 CEST.
  assert.deepEqual(runs('30 2 * * *', '2026-03-27T12:00:00Z', 4, 'Europe/Berlin'), [
    '2026-03-28T02:30:00+01:00',
    '2026-03-29T03:00:00+02:00',
    '2026-03-30T02:30:00+02:00',
    '2026-03-31T02:30:00+02:00',
  ]);
  // each skipped fixed-time minute is caught up (Debian starts them one after another)
  assert.deepEqual(runs('0,30 2 * * *', '2026-03-28T12:00:00Z', 3, 'Europe/Berlin'), [
    '2026-03-29T03:00:00+02:00',
    '2026-03-29T03:00:00+02:00',
    '2026-03-30T02:00:00+02:00',
  ]);
  // wildcard jobs (minute or hour starting with "*") skip the lost hour
  assert.deepEqual(runs('*/30 * * * *', '2026-03-29T00:00:00Z', 4, 'Europe/Berlin'), [
    '2026-03-29T01:30:00+01:00',
    '2026-03-29T03:00:00+02:00',
    '2026-03-29T03:30:00+02:00',
    '2026-03-29T04:00:00+02:00',
  ]);
  assert.deepEqual(runs('*/20 2 * * *', '2026-03-28T12:00:00Z', 2, 'Europe/Berlin'), ['2026-03-30T02:00:00+02:00', '2026-03-30T02:20:00+02:00']);
  // "0-59" is not a star: a fixed-time job, caught up 60 times
  assert.equal(runs('0-59 2 * * *', '2026-03-29T00:00:00Z', 61, 'Europe/Berlin').filter((s) => s === '2026-03-29T03:00:00+02:00').length, 60);
});

test('Europe/Berlin, DST ends (03:00 -> 02:00): fixed-time jobs run once, wildcard jobs follow the wall clock', () => {
  // 2026-10-25: 02:59 CEST is followed by 02:00 CET.
  assert.deepEqual(runs('30 2 * * *', '2026-10-24T12:00:00Z', 3, 'Europe/Berlin'), [
    '2026-10-25T02:30:00+02:00',
    '2026-10-26T02:30:00+01:00',
    '2026-10-27T02:30:00+01:00',
  ]);
  assert.deepEqual(runs('30 * * * *', '2026-10-24T23:00:00Z', 4, 'Europe/Berlin'), [
    '2026-10-25T01:30:00+02:00',
    '2026-10-25T02:30:00+02:00',
    '2026-10-25T02:30:00+01:00',
    '2026-10-25T03:30:00+01:00',
  ]);
  assert.deepEqual(runs('0 3 * * *', '2026-10-24T12:00:00Z', 1, 'Europe/Berlin'), ['2026-10-25T03:00:00+01:00']);
  // starting inside the repeated hour still finds the second pass
  assert.deepEqual(runs('*/30 2 * * *', '2026-10-25T00:40:00Z', 3, 'Europe/Berlin'), [
    '2026-10-25T02:00:00+01:00',
    '2026-10-25T02:30:00+01:00',
    '2026-10-26T02:00:00+01:00',
  ]);
});

test('America/New_York, DST starts and ends', () => {
  // 2026-03-08: 02:00 EST -> 03:00 EDT
  assert.deepEqual(runs('30 2 * * *', '2026-03-07T12:00:00Z', 2, 'America/New_York'), ['2026-03-08T03:00:00-04:00', '2026-03-09T02:30:00-04:00']);
  assert.deepEqual(runs('*/30 2 * * *', '2026-03-07T12:00:00Z', 2, 'America/New_York'), ['2026-03-09T02:00:00-04:00', '2026-03-09T02:30:00-04:00']);
  // 2026-11-01: 02:00 EDT -> 01:00 EST
  assert.deepEqual(runs('30 1 * * *', '2026-10-31T12:00:00Z', 2, 'America/New_York'), ['2026-11-01T01:30:00-04:00', '2026-11-02T01:30:00-05:00']);
  assert.deepEqual(runs('*/20 1 * * *', '2026-11-01T04:00:00Z', 7, 'America/New_York'), [
    '2026-11-01T01:00:00-04:00',
    '2026-11-01T01:20:00-04:00',
    '2026-11-01T01:40:00-04:00',
    '2026-11-01T01:00:00-05:00',
    '2026-11-01T01:20:00-05:00',
    '2026-11-01T01:40:00-05:00',
    '2026-11-02T01:00:00-05:00',
  ]);
});

test('other clock changes: 30-minute DST, DST at midnight, a skipped day (jump over 3 hours)', () => {
  // Lord Howe Island: 02:00 -> 02:30 on 2026-10-04 (timeDiff 31: catch-up for fixed-time jobs)
  assert.deepEqual(runs('15 2 * * *', '2026-10-02T00:00:00Z', 2, 'Australia/Lord_Howe'), ['2026-10-03T02:15:00+10:30', '2026-10-04T02:30:00+11:00']);
  // Santiago: midnight is skipped on 2026-09-06; a daily midnight job runs at 01:00
  assert.deepEqual(runs('@daily', '2026-09-05T12:00:00Z', 2, 'America/Santiago'), ['2026-09-06T01:00:00-03:00', '2026-09-07T00:00:00-03:00']);
  // Samoa skipped 2011-12-30 entirely: more than 3 hours, so cron.c just jumps and nothing is caught up
  assert.deepEqual(runs('0 12 * * *', '2011-12-28T00:00:00Z', 3, 'Pacific/Apia'), [
    '2011-12-28T12:00:00-10:00',
    '2011-12-29T12:00:00-10:00',
    '2011-12-31T12:00:00+14:00',
  ]);
});

test('schedules that never run give [] quickly', () => {
  const start = performance.now();
  for (const text of ['0 0 30 2 *', '0 0 31 4 *', '5-1 * * * *', '0 0 * * mon-sun', '0 0 31 2,4,6,9,11 *']) {
    assert.deepEqual(nextRuns(model(text), { from: new Date('2026-01-01T00:00:00Z'), count: 5, timeZone: 'Europe/Berlin' }), [], text);
  }
  assert.ok(performance.now() - start < 1000, 'never-running schedules must return fast');
});

test('rare dates are found without scanning forever', () => {
  const start = performance.now();
  // February 29 on a Sunday (AND: */7 starts with "*"), 28 years apart
  assert.deepEqual(runs('0 0 29 2 */7', '2026-01-01T00:00:00Z', 3, 'UTC'), [
    '2032-02-29T00:00:00+00:00',
    '2060-02-29T00:00:00+00:00',
    '2088-02-29T00:00:00+00:00',
  ]);
  assert.ok(performance.now() - start < 2000);
  assert.deepEqual(runs('0 0 29 2 *', '2026-01-01T00:00:00Z', 2, 'UTC'), ['2028-02-29T00:00:00+00:00', '2032-02-29T00:00:00+00:00']);
});

test('@reboot has no next runs; keywords run with their Debian meaning', () => {
  assert.deepEqual(runs('@reboot', '2026-01-01T00:00:00Z', 3, 'UTC'), []);
  const from = '2026-11-22T12:34:00Z';
  assert.deepEqual(runs('@hourly', from, 2, 'UTC'), ['2026-11-22T13:00:00+00:00', '2026-11-22T14:00:00+00:00']);
  assert.deepEqual(runs('@daily', from, 2, 'UTC'), ['2026-11-23T00:00:00+00:00', '2026-11-24T00:00:00+00:00']);
  assert.deepEqual(runs('@midnight', from, 1, 'UTC'), ['2026-11-23T00:00:00+00:00']);
  assert.deepEqual(runs('@weekly', from, 2, 'UTC'), ['2026-11-29T00:00:00+00:00', '2026-12-06T00:00:00+00:00']);
  assert.deepEqual(runs('@monthly', from, 2, 'UTC'), ['2026-12-01T00:00:00+00:00', '2027-01-01T00:00:00+00:00']);
  assert.deepEqual(runs('@yearly', from, 2, 'UTC'), ['2027-01-01T00:00:00+00:00', '2028-01-01T00:00:00+00:00']);
  assert.deepEqual(runs('@annually', from, 1, 'UTC'), ['2027-01-01T00:00:00+00:00']);
});

test('runs are strictly after "from"; count 0 gives []', () => {
  assert.deepEqual(runs('0 0 * * *', '2026-11-23T00:00:00Z', 1, 'UTC'), ['2026-11-24T00:00:00+00:00']);
  assert.deepEqual(runs('0 0 * * *', '2026-11-22T23:59:59.999Z', 1, 'UTC'), ['2026-11-23T00:00:00+00:00']);
  assert.deepEqual(runs('0 0 * * *', '2026-11-22T00:00:00Z', 0, 'UTC'), []);
  assert.throws(() => nextRuns(model('0 0 * * *'), { from: new Date(0), count: 1, timeZone: 'Not/AZone' }), RangeError);
});

test('agrees with cron-parser in UTC where cron-parser reads schedules like Debian', () => {
  // cron-parser only where it agrees with Debian: plain numbers, ranges,
  // lists, steps after "*" or a range, and at least one day field exactly
  // "*" (then OR and AND select the same days), no repeated values (it
  // rejects "3,3"); no DST in UTC.
  const rnd = createRandom(7);
  const int = (n: number): number => Math.floor(rnd() * n);
  const part = (low: number, high: number): string => {
    switch (int(5)) {
      case 0:
        return '*';
      case 1:
        return `*/${1 + int(high - low)}`;
      case 2: {
        const a = low + int(high - low + 1);
        return `${a}-${a + int(high - a + 1)}`;
      }
      case 3: {
        const a = low + int(high - low + 1);
        return `${a}-${a + int(high - a + 1)}/${1 + int(5)}`;
      }
      default: {
        // distinct values: cron-parser rejects "3,3", which Debian accepts
        const a = low + int(high - low + 1);
        const b = low + int(high - low + 1);
        return a === b ? String(a) : `${a},${b}`;
      }
    }
  };
  let compared = 0;
  for (let i = 0; i < 150; i++) {
    const dayStar = int(2) === 0;
    const expr = [part(0, 59), part(0, 23), dayStar ? '*' : part(1, 28), part(1, 12), dayStar ? part(0, 6) : '*'].join(' ');
    const from = new Date(Date.UTC(2026, int(12), 1 + int(28), int(24), int(60)));
    const ours = nextRuns(model(expr), { from, count: 8, timeZone: 'UTC' }).map((d) => d.toISOString());
    const theirs = CronExpressionParser.parse(expr, { currentDate: from, tz: 'UTC' })
      .take(8)
      .map((d) => d.toISOString());
    assert.deepEqual(ours, theirs, expr);
    compared++;
  }
  assert.equal(compared, 150);
});
