// scheduleText: fields split where Debian's cron splits them (space, tab), nowhere else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scheduleText } from './index.js';

test('fields are separated by spaces and tabs only, as cron.h Skip_Blanks does', () => {
  assert.equal(scheduleText('  */5\t*  * *\t\t1-5 '), '*/5 * * * 1-5');
  assert.equal(scheduleText('@daily'), '@daily');
  // A no-break space is part of a field to cron (and refused by validation): it is not a separator here either.
  assert.equal(scheduleText('0\u00a05 * * *'), '0\u00a05 * * *');
  assert.equal(scheduleText('0 5\f* * *'), '0 5\f* * *');
});
