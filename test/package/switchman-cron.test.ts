/**
 * debian/switchman.cron.d, which dh_installcron installs as /etc/cron.d/switchman: one line,
 * every minute, as root, `switchman heartbeat --quiet`, read through Debian's own cron parser
 * (test/oracle); silent once the package is removed but not purged (the conffile stays).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oraclePath, runOracle } from '../oracle/oracle.js';
import { repoRoot } from '../support/golden.js';
import { requireTool } from '../support/require-tool.js';

const cronFile = readFileSync(join(repoRoot, 'debian', 'switchman.cron.d'), 'utf8');
const lines = cronFile.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));

test('the header says what the file does and what the heartbeat proves', () => {
  assert.match(cronFile, /^# \/etc\/cron\.d\/switchman: /);
  assert.match(cronFile, /switchman heartbeat/);
  assert.match(cronFile, /proves to "switchman check"[^]*cron is alive on\n?#? ?this box/);
  assert.ok(cronFile.endsWith('\n'), 'cron ignores a last line without a newline');
});

test("Debian's cron reads one job: every minute, as root, switchman heartbeat --quiet behind a guard", async (t) => {
  if (!requireTool(t, oraclePath() !== undefined, "Debian's cron parser (test/oracle/build.sh)")) return;
  const results = await runOracle('line', lines, { anyUser: true });
  const jobs = results.filter((r) => r.ok && r.kind === 'entry');
  assert.deepEqual(results.filter((r) => !r.ok), [], 'every line is one Debian accepts');
  assert.equal(jobs.length, 1);
  const job = jobs[0]!;
  assert.ok(job.ok && job.kind === 'entry' && 'cmd' in job);
  assert.equal(job.user, 'root');
  assert.deepEqual([job.minute.length, job.hour.length, job.dom.length, job.month.length, job.dow.length], [60, 24, 31, 12, 8], 'every minute');
  assert.equal(job.cmdRun, 'if [ -x /usr/bin/switchman ]; then /usr/bin/switchman heartbeat --quiet; fi');
  assert.equal(job.stdin, '');
});

test('without /usr/bin/switchman (removed, not purged) the line exits 0 and prints nothing', (t) => {
  const line = lines.find((l) => /^\* \* \* \* \* root /.test(l));
  assert.ok(line);
  const command = line.replace(/^\* \* \* \* \* root /, '').replaceAll('/usr/bin/switchman', '/nonexistent/switchman');
  const run = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
  assert.deepEqual({ status: run.status, stdout: run.stdout, stderr: run.stderr }, { status: 0, stdout: '', stderr: '' });
  t.diagnostic(command);
});
