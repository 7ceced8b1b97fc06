import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { resolveHashes } from './hash-schedule.js';
import { parseMetadataSchedule } from './metadata-schedule.js';

test('H resolves by the lock name: plain, stepped, ranged; the rest of the text is kept', () => {
  const r = resolveHashes('H/15 H(9-17) H H H(1-5)', 'bin.report.pl');
  assert.deepEqual(r.reports, []);
  // Pinned: a change of the hash would move every H job of every fleet at its next build.
  assert.equal(r.text, '13-59/15 13 6 3 4');
  for (let i = 0; i < 200; i++) {
    const [minute, hour, dom, month, dow] = resolveHashes('H/15 H(9-17) H H H(1-5)', `job${i}`).text.split(' ');
    assert.match(minute!, /^([0-9]|1[0-4])-59\/15$/);
    assert.ok(Number(hour) >= 9 && Number(hour) <= 17);
    assert.ok(Number(dom) >= 1 && Number(dom) <= 28, 'plain H in the day of month runs every month');
    assert.ok(Number(month) >= 1 && Number(month) <= 12);
    assert.ok(Number(dow) >= 1 && Number(dow) <= 5);
  }
  assert.equal(resolveHashes('0 3 * * *', 'x').text, '0 3 * * *');
  assert.equal(resolveHashes('0 0 * * THU', 'x').text, '0 0 * * THU', 'a day name with an H is no H term');
  assert.match(resolveHashes('H(0-29),H(30-59) * * * *', 'x').text, /^\d+,\d+ \* \* \* \*$/);
  assert.match(resolveHashes('H(0-29)/10 * * * *', 'x').text, /^\d-29\/10 \* \* \* \*$/);
  assert.match(resolveHashes('0 0 * * H', 'x').text, /^0 0 \* \* [0-6]$/);
  // A step that leaves room for one value only: that value, no range.
  assert.match(resolveHashes('H(0-9)/7 * * * *', 'x').text, /^(\d|\d-9\/7) /);
});

test('different jobs get different minutes: 1,000 "H * * * *" jobs cover the hour, at most 3% in one minute', () => {
  const perMinute = new Array<number>(60).fill(0);
  for (let i = 0; i < 1000; i++) perMinute[Number(resolveHashes('H * * * *', `team${i % 25}.job${i}.pl`).text.split(' ')[0])]!++;
  assert.ok(perMinute.every((n) => n > 0), 'every minute is used');
  assert.ok(Math.max(...perMinute) <= 30, `at most 30 in one minute, got ${Math.max(...perMinute)}`);
});

test('the same in another process, time zone and locale', () => {
  const here = fileURLToPath(new URL('./hash-schedule.ts', import.meta.url));
  const script = `import { resolveHashes } from ${JSON.stringify(here)}; console.log(['a','b.c','ü.pl'].map((s) => resolveHashes('H H(0-5) H * H', s).text).join('|'));`;
  const outputs = ['UTC:C', 'Pacific/Chatham:tr_TR.UTF-8', 'Asia/Kolkata:de_DE.UTF-8'].map(([tz, lang]) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, TZ: tz, LANG: lang, LC_ALL: lang }, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout;
  });
  assert.equal(new Set(outputs).size, 1, outputs.join(' / '));
  assert.equal(outputs[0]!.trim(), ['a', 'b.c', 'ü.pl'].map((s) => resolveHashes('H H(0-5) H * H', s).text).join('|'));
});

test("Debian's reports on a resolved schedule point at what was written", () => {
  const r = parseMetadataSchedule('H 25 * * *', 'x');
  assert.equal(r.model, undefined);
  assert.deepEqual(r.reports.map((x) => [x.messageId, 'H 25 * * *'.slice(x.offset, x.offset + x.length)]), [['outOfRange', '25']]);
  const never = parseMetadataSchedule('H(0-59)/5 H 31 2 *', 'x');
  assert.ok(never.model, 'Debian accepts it');
  assert.ok(never.reports.some((x) => x.messageId === 'neverRuns'));
  for (const x of never.reports) assert.ok(x.offset >= 0 && x.offset + x.length <= 'H(0-59)/5 H 31 2 *'.length);
  const ok = parseMetadataSchedule('H/20 * * * *', 'x');
  assert.deepEqual(ok.reports, []);
  assert.equal(ok.model!.minute.length, 3);
  assert.equal(ok.resolved, resolveHashes('H/20 * * * *', 'x').text);
});
