// packagePeaks against the plain definition: every job, every reference day, every minute.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSchedule } from '../schedule/index.js';
import { packagePeaks } from './peak.js';
import type { LoadJob } from './profile.js';
import { startsAt } from './profile.js';

const memo = new Map<string, LoadJob['model']>();
const job = (pkg: string, time: string, i: number): LoadJob => {
  let model = memo.get(time);
  if (model === undefined) {
    model = parseSchedule(time).model;
    assert.ok(model, time);
    memo.set(time, model);
  }
  return { package: pkg, where: `${pkg}:${i}`, model };
};

/** The busiest (day, minute) of January 2024 for each package, by brute force. */
function naivePeaks(jobs: readonly LoadJob[], max: number): { package: string; starts: number; time: string }[] {
  const out: { package: string; starts: number; time: string }[] = [];
  for (const pkg of [...new Set(jobs.map((j) => j.package))].sort()) {
    const own = jobs.filter((j) => j.package === pkg);
    let best = { starts: 0, time: '' };
    for (let day = 1; day <= 31; day++) {
      const date = { year: 2024, month: 1, day, weekday: day % 7, iso: '' };
      for (let m = 0; m < 1440; m++) {
        const starts = own.filter((j) => startsAt(j.model, date, m, true)).length;
        if (starts > best.starts) best = { starts, time: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}` };
      }
    }
    if (best.starts > max) out.push({ package: pkg, ...best });
  }
  return out;
}

test('the busiest minute per package is the one the plain count finds, days of month and of week included', () => {
  const times = ['0 * * * *', '*/5 * * * *', '30 2 * * 1-5', '30 2 13 * *', '30 2 13 * 5', '*/10 9-17 * * 6,0', '15 4 1-7 * 1', '0 0 31 * *', '@reboot', '59 23 * * 7'];
  let seed = 7;
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const jobs = Array.from({ length: 200 }, (_, i) => job(`p${next(3)}`, times[next(times.length)]!, i));
  const fast = packagePeaks(jobs, 3).map(({ package: p, starts, time }) => ({ package: p, starts, time }));
  assert.deepEqual(fast, naivePeaks(jobs, 3));
  assert.ok(fast.length > 0);
});
