import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSchedule } from '../schedule/index.js';
import { formatLoadHtml, formatLoadTerminal, loadProfile, loadView, weekFrom } from './index.js';
import type { LoadJob } from './index.js';

const job = (pkg: string, time: string, where = `${pkg}/${time}`): LoadJob => {
  const { model } = parseSchedule(time);
  assert.ok(model, time);
  return { package: pkg, where, model };
};

// Monday 2026-03-02 in Berlin; the week runs to Sunday 2026-03-08.
const week = weekFrom(new Date('2026-03-01T23:30:00Z'), 'Europe/Berlin');

test("the week starts on the local date of the instant, in the boxes' zone", () => {
  assert.deepEqual(week.map((d) => `${d.iso}/${d.weekday}`), ['2026-03-02/1', '2026-03-03/2', '2026-03-04/3', '2026-03-05/4', '2026-03-06/5', '2026-03-07/6', '2026-03-08/0']);
  assert.equal(weekFrom(new Date('2026-03-01T23:30:00Z'), 'UTC')[0]!.iso, '2026-03-01');
});

test('starts per minute follow cron: minutes x hours on each day the day rule allows', () => {
  const profile = loadProfile(
    [
      job('a', '0 * * * *'),
      job('a', '*/15 9-17 * * 1-5'),
      job('b', '0 0 1 * 0'), // day 1 OR Sunday: only Sunday 03-08 this week
      job('b', '30 2 * * *'),
      job('b', '@reboot'),
    ],
    week,
  );
  // 24 a day x 7; 4 x 9 hours x 5 weekdays; 1 Sunday; 1 x 7.
  assert.equal(profile.all.total, 168 + 180 + 1 + 7);
  assert.equal(profile.packages['a']!.total, 348);
  assert.equal(profile.atReboot, 1);
  // Monday 09:00: the hourly job and the quarter-hour job.
  assert.equal(profile.all.days[0]![9 * 60], 2);
  // Sunday 00:00: hourly and the day-1-or-Sunday job.
  assert.equal(profile.all.days[6]![0], 2);
  assert.equal(profile.all.days[5]![0], 1);
  assert.equal(profile.peak, 2);
  assert.deepEqual(profile.busiest[0], { date: '2026-03-02', time: '09:00', starts: 2, jobs: ['a/0 * * * *', 'a/*/15 9-17 * * 1-5'] });
  assert.equal(profile.minutesUsed, 24 + 27 + 1);
});

test('the three formats draw one view', () => {
  const profile = loadProfile([job('a', '0 * * * *'), job('a', '0 3 * * *'), job('b', '5 3 * * *')], week);
  const view = loadView(profile, 'Europe/Berlin');
  assert.equal(view.all.minutes[3 * 60], 2);
  assert.equal(view.all.peak, 2);
  const text = formatLoadTerminal(view, { colour: false });
  assert.match(text, /^03h \|█    ▒/m);
  assert.match(text, /^01h \|▒ {59}\|$/m);
  assert.ok(!text.includes('\u001b['), 'no colour unless asked');
  assert.ok(formatLoadTerminal(view, { colour: true }).includes('\u001b[48;5;'));
  assert.deepEqual(view.days[0], { date: '2026-03-02', weekday: 'Mon', starts: 26, peak: 2 });
  assert.match(text, /^ {2}Mon 2026-03-02 +26 +2$/m);
  const html = formatLoadHtml(view);
  assert.equal((html.match(/<rect /g) ?? []).length, 1440 * 3, 'a map for all and one per package');
  assert.ok(!/(src|href)=/.test(html), 'nothing fetched');
  assert.match(html, /<title>03:00: 2 starts<\/title>/);
});
