// H in METADATA schedules, through the CLI on fixtures/hashed: check accepts it, build writes
// plain Debian schedules (the same on every run), list and the jobs manifest show both forms,
// explain resolves H with --lockname exactly as build did, and bad H is reported where written.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCliCaptured } from './support/run-cli.js';
import { repoRoot } from './support/golden.js';

const fixture = join(repoRoot, 'fixtures', 'hashed');
const temp = mkdtempSync(join(tmpdir(), 'cronpack-hash-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** The schedule and lock name of each cron.d line build prints. */
async function builtLines(): Promise<Array<{ schedule: string; lock: string }>> {
  const run = await runCliCaptured(['-C', fixture, 'build', '--stdout']);
  assert.equal(run.code, 0, run.stderr);
  return [...run.stdout.matchAll(/^(\S+ \S+ \S+ \S+ \S+) root .* --lockname (\S+) /gm)].map((m) => ({ schedule: m[1]!, lock: m[2]! }));
}

test('build writes H resolved into plain Debian syntax, the same on every run', async () => {
  const lines = await builtLines();
  assert.equal(lines.length, 5);
  for (const { schedule } of lines) assert.doesNotMatch(schedule, /H/);
  assert.deepEqual(await builtLines(), lines);
  const byLock = Object.fromEntries(lines.map((l) => [l.lock, l.schedule]));
  assert.match(byLock['bin.report.pl.shard0of2']!, /^\d+-59\/15 \* \* \* \*$/);
  assert.notEqual(byLock['bin.report.pl.shard0of2'], byLock['bin.report.pl.shard1of2'], 'each shard its own offset');
  assert.match(byLock['jobs.rotate.sh']!, /^\d+ \d+ \* \* [0-6]$/);
});

test('list and the jobs manifest show what was written and what cron runs; explain --lockname agrees with build', async () => {
  const lines = await builtLines();
  const list = await runCliCaptured(['-C', fixture, 'list', '--format', 'json', '--tz', 'UTC', '--now', '2026-03-02T00:00:00Z']);
  const jobs = (JSON.parse(list.stdout) as { jobs: Array<{ lockName: string; schedule: string; cronSchedule: string }> }).jobs;
  for (const job of jobs) {
    assert.equal(job.cronSchedule, lines.find((l) => l.lock === job.lockName)?.schedule, job.lockName);
    assert.match(job.schedule, /H/);
    const explained = await runCliCaptured(['explain', job.schedule, '--lockname', job.lockName, '--format', 'json', '--tz', 'UTC']);
    assert.equal(explained.code, 0, explained.stderr);
    assert.equal((JSON.parse(explained.stdout) as { cronSchedule: string }).cronSchedule, job.cronSchedule);
  }
  const table = await runCliCaptured(['-C', fixture, 'list', '--tz', 'UTC', '--now', '2026-03-02T00:00:00Z']);
  assert.match(table.stdout, /^PACKAGE +SCRIPT +PARAMS +SCHEDULE +CRON +MEANING/);
  const noLock = await runCliCaptured(['explain', 'H * * * *']);
  assert.equal(noLock.code, 2);
  assert.match(noLock.stderr, /--lockname NAME/);

  const out = join(temp, 'out');
  assert.equal((await runCliCaptured(['-C', fixture, 'build', '-o', out])).code, 0);
  const manifest = JSON.parse(readFileSync(join(out, 'jobs', 'hashed-scripts1.json'), 'utf8')) as { jobs: Array<{ lockName: string; schedule: string; cronSchedule?: string }> };
  const rotate = manifest.jobs.find((j) => j.lockName === 'jobs.rotate.sh');
  assert.equal(rotate?.schedule, 'H H * * H');
  assert.equal(rotate?.cronSchedule, lines.find((l) => l.lock === 'jobs.rotate.sh')?.schedule);
});

test('bad H is reported at what was written, with its code; Debian errors after resolving too', async () => {
  const repo = join(temp, 'bad');
  mkdirSync(join(repo, 'bin'), { recursive: true });
  writeFileSync(join(repo, 'cronpack.config.json'), '{ "prefix": "bad" }');
  const block = (time: string): string => `# <crontab>\n#   package: p\n#   time: ${time}\n# </crontab>`;
  writeFileSync(join(repo, 'bin', 'a.sh'), `#!/bin/sh\n# METADATA\n${block('H(0-29 * * * *')}\n`, { mode: 0o755 });
  writeFileSync(join(repo, 'bin', 'b.sh'), `#!/bin/sh\n# METADATA\n${block('H H(0-60) * * *')}\n`, { mode: 0o755 });
  writeFileSync(join(repo, 'bin', 'c.sh'), `#!/bin/sh\n# METADATA\n${block('H 25 * * *')}\n`, { mode: 0o755 });
  const run = await runCliCaptured(['-C', repo, 'check', '--format', 'json']);
  assert.equal(run.code, 1);
  const found = (JSON.parse(run.stdout) as { diagnostics: Array<{ file: string; line: number; column: number; endColumn: number; code: string }> }).diagnostics.map(
    (d) => `${d.file}:${d.line}:${d.column}-${d.endColumn} ${d.code}`,
  );
  // "#   time: " is 10 characters: the value starts at column 11.
  assert.deepEqual(found, ['bin/a.sh:5:11-17 CP2430', 'bin/b.sh:5:13-20 CP2431', 'bin/c.sh:5:13-15 CP2408']);
});
