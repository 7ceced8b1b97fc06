import { test } from 'node:test';
import assert from 'node:assert/strict';
import cronstrue from 'cronstrue';
import { compressField, describeSchedule } from './describe.js';
import { parseSchedule } from './parse-schedule.js';

function describe(text: string): string {
  return describeSchedule(text, parseSchedule(text).model);
}

test('ordinary schedules read as cronstrue words them', () => {
  assert.equal(describe('*/5 9-17 * * mon-fri'), 'Every 5 minutes, between 09:00 and 17:59, Monday through Friday');
  assert.equal(describe('0 12 * JAN,jul *'), 'At 12:00, only in January and July');
  assert.equal(describe('30 2 * * 0'), 'At 02:30, only on Sunday');
  assert.equal(describe('0 0 * * 0,7'), 'At 00:00, only on Sunday');
  assert.equal(describe('@daily'), 'At 00:00');
  assert.equal(describe('@weekly'), 'At 00:00, only on Sunday');
  assert.equal(describe('@hourly'), 'Every hour');
});

test('the AND day rule is worded as AND (cronstrue says "and on Monday", read as OR)', () => {
  assert.match(cronstrue.toString('0 0 */2 * 1'), /every 2 days in a month, and on Monday/);
  assert.equal(describe('0 0 */2 * 1'), 'At 00:00, on odd-numbered days of the month that are also a Monday');
  assert.equal(describe('0 0 1-7 * */6'), 'At 00:00, on days 1 to 7 of the month that are also a Sunday or Saturday');
  assert.equal(describe('0 0 1-7 * */1'), 'At 00:00, between day 1 and 7 of the month');
  assert.equal(describe('0 0 1,15 jan *'), 'At 00:00, on day 1 and 15 of the month, only in January');
  assert.equal(describe('0 0 */2 * 1-5'), 'At 00:00, on odd-numbered days of the month that are also a Monday through Friday');
});

test('the OR day rule is worded as OR', () => {
  assert.equal(describe('0 0 1 * 1'), 'At 00:00, on day 1 of the month and on every Monday');
  assert.equal(describe('0 0 1,15 6 1,5'), 'At 00:00, on days 1 and 15 of the month and on every Monday and Friday, only in June');
  // OR with a full field: every day
  assert.equal(describe('0 0 1-31 * 1'), 'At 00:00');
  // OR with an empty field: the other field only
  assert.equal(describe('0 0 5-1 * 1'), 'At 00:00, only on Monday');
});

test('misread schedules are described as Debian reads them', () => {
  assert.match(cronstrue.toString('0 0 * * 5#3'), /third Friday/);
  assert.equal(describe('5#3 * * * *'), 'At 5 minutes past the hour');
  assert.equal(describe('0 0 * * 5#3'), 'At 00:00, only on Friday');
  assert.equal(describe('*-5 * * * *'), 'Every minute');
  assert.equal(describe('*/90 * * * *'), 'Every hour');
  assert.equal(describe('1,5-1 * * * *'), 'At 1 minute past the hour');
});

test('never-running schedules say so', () => {
  assert.equal(describe('0 0 30 2 *'), 'Never runs: February has no day 30');
  assert.equal(describe('0 0 31 4,6 *'), 'Never runs: April and June have no day 31');
  assert.equal(describe('5-1 * * * *'), 'Never runs: the minute field selects nothing');
  assert.equal(describe('0 0 * * mon-sun'), 'Never runs: the day-of-week field selects nothing');
});

test('@reboot and rejected schedules', () => {
  assert.match(describe('@reboot'), /^At system startup/);
  assert.match(describe('5/10 * * * *'), /rejects "5\/10 \* \* \* \*" and ignores the whole cron\.d file/);
});

test('compressField picks the shortest equivalent form', () => {
  assert.equal(compressField([0, 15, 30, 45], 0, 59), '*/15');
  assert.equal(compressField([5, 20, 35, 50], 0, 59), '5-50/15');
  assert.equal(compressField([1, 2, 3, 7, 9, 10], 0, 59), '1-3,7,9,10');
  assert.equal(compressField([0, 30], 0, 59), '0,30');
  assert.equal(compressField([1, 31], 1, 31), '1,31');
  assert.equal(compressField([0, 1, 2, 3, 4, 5, 6], 0, 6), '*');
});
