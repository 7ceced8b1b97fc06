import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCliCaptured } from './support/run-cli.js';
import { assertGolden, repoRoot } from './support/golden.js';

const now = '2026-11-23T10:00:00Z';

test("explain '0 0 */2 * 1': the day rule is AND, and only odd-numbered Mondays come next", async () => {
  const run = await runCliCaptured(['explain', '0 0 */2 * 1', '--format', 'json', '--tz', 'Europe/Berlin', '--now', now, '-n', '6']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { dayMatch: string; next: string[]; valid: boolean; fields: { dayOfWeek: number[] } };
  assert.equal(out.dayMatch, 'and');
  assert.equal(out.valid, true);
  assert.equal(out.next.length, 6);
  for (const iso of out.next) {
    const date = new Date(iso);
    const day = Number(iso.slice(8, 10));
    assert.equal(day % 2, 1, `${iso} is an odd day`);
    assert.equal(new Date(Date.UTC(date.getUTCFullYear(), Number(iso.slice(5, 7)) - 1, day)).getUTCDay(), 1, `${iso} is a Monday`);
    assert.match(iso, /T00:00:00\+01:00$/);
  }
  assertGolden('explain/star-step-and.json', run.stdout);
});

test("explain '5#3 * * * *' reports what Debian really does, and exits 1", async () => {
  const run = await runCliCaptured(['explain', '5#3 * * * *', '--tz', 'UTC', '--now', now, '-n', '2']);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /Debian ignores "#3" and reads this minute field as "5"/);
  assert.match(run.stdout, /2026-11-23T10:05:00\+00:00/);
  assertGolden('explain/skipped-characters.txt', run.stdout);
});

test('explain rejects an unknown --tz as a usage error', async () => {
  const run = await runCliCaptured(['explain', '* * * * *', '--tz', 'Mars/Olympus']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /IANA time zone/);
});

test('list prints every job of the demo with meaning and next run', async () => {
  const root = join(repoRoot, 'fixtures', 'demo');
  const table = await runCliCaptured(['-C', root, 'list', '--tz', 'UTC', '--now', now]);
  assert.equal(table.code, 0, table.stderr);
  assertGolden('list/demo.txt', table.stdout);
  const json = await runCliCaptured(['-C', root, 'list', '--format', 'json', '--tz', 'UTC', '--now', now]);
  const { jobs } = JSON.parse(json.stdout) as { jobs: { package: string; nextRun: string }[] };
  assert.equal(jobs.length, 14);
  assert.deepEqual([...new Set(jobs.map((j) => j.package))], ['scripts1', 'scripts2', 'scripts3']);
});
