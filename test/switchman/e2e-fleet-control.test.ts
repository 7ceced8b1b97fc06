// End to end, against a real ZooKeeper and the bundled switchman: run records, and drain and
// pause from one place (switchman drain|undrain|pause|resume) stopping and holding back runs.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { zkTestOptions } from '../support/zookeeper.js';
import { SharedZk, ensureBundle, makeSetup, runSwitchman, waitFor } from './harness.js';
import type { TestSetup } from './harness.js';
import { ZkSession } from '../../src/switchman/zk-session.js';
import { recordRun } from '../../src/switchman/fleet/record-run.js';
import { hostRunPath, runPath } from '../../src/switchman/fleet/layout.js';
import { parseJobRuns } from '../../src/switchman/fleet/records.js';
import type { JobRuns, RunRecord } from '../../src/switchman/fleet/records.js';

const zk = new SharedZk();
const opts = zkTestOptions();
before(() => void ensureBundle());
after(() => zk.dispose());

const HOST_A = 'a.fleet.test';
const HOST_B = 'b.fleet.test';

async function setup(): Promise<TestSetup> {
  const server = await zk.get();
  const s = makeSetup(server.connectString);
  await (await zk.admin()).setGroups(s.prefix, { batch: [HOST_A, HOST_B], other: [HOST_B] });
  return s;
}

async function runsOf(s: TestSetup, lock: string, host?: string): Promise<JobRuns | undefined> {
  const node = await (await zk.admin()).get(host === undefined ? runPath(s.prefix, lock) : hostRunPath(s.prefix, host, lock));
  return node === null ? undefined : parseJobRuns(node.data);
}

function job(s: TestSetup, host: string, lock: string, script: string, extra: string[] = []) {
  return runSwitchman(['-c', s.configPath, '-g', 'batch', '--lockname', lock, ...extra, '--', '/bin/sh', '-c', script], { host });
}

async function command(s: TestSetup, host: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = runSwitchman([...args, '-c', s.configPath], { host });
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

async function lockHolder(s: TestSetup, lock: string): Promise<string | undefined> {
  return (await (await zk.admin()).get(`${s.prefix}/locks/${lock}`))?.data;
}

test('every run leaves a record: ok, failed (with the last success kept), and --no-lock runs per host', opts, async () => {
  const s = await setup();
  assert.equal((await job(s, HOST_A, 'rec', 'exit 0').exited).code, 0);
  let runs = await runsOf(s, 'rec');
  assert.ok(runs !== undefined);
  assert.deepEqual([runs.last.result, runs.last.host, runs.last.exitCode, runs.counts], ['ok', HOST_A, 0, { ok: 1, failed: 0, stopped: 0 }]);
  assert.equal(runs.lastSuccess?.runId, runs.last.runId);
  assert.match(runs.last.runId, /^run-\d+-/);
  const firstSuccess = runs.last.runId;
  assert.equal((await job(s, HOST_B, 'rec', 'exit 3').exited).code, 3);
  runs = await runsOf(s, 'rec');
  assert.deepEqual([runs?.last.result, runs?.last.host, runs?.last.status, runs?.consecutiveFailures, runs?.lastSuccess?.runId], ['failed', HOST_B, 'code:3', 1, firstSuccess]);
  assert.ok((runs?.last.durationMs ?? -1) >= 0 && Date.parse(runs?.last.end ?? '') >= Date.parse(runs?.last.start ?? ''));
  assert.equal((await job(s, HOST_A, 'solo', 'exit 0', ['--no-lock']).exited).code, 0);
  assert.equal((await runsOf(s, 'solo', HOST_A))?.last.result, 'ok');
  assert.equal(await runsOf(s, 'solo'), undefined, 'a --no-lock run is not the lock\'s record');
});

test('records are never lost when many runs finish at once: conditional updates', opts, async () => {
  const s = await setup();
  const server = await zk.get();
  const sessions = await Promise.all(Array.from({ length: 8 }, () => ZkSession.connect(server.connectString, { sessionTimeoutMs: 10_000, connectTimeoutMs: 5000 })));
  const base = Date.parse('2026-11-30T10:00:00Z');
  const record = (i: number): RunRecord => ({
    runId: `run-${i}`,
    host: `h${i % 8}.test`,
    pid: 1000 + i,
    lock: 'herd',
    group: 'batch',
    start: new Date(base + i).toISOString(),
    end: new Date(base + 1000 + i).toISOString(),
    durationMs: 1000,
    exitCode: i % 5 === 0 ? 1 : 0,
    result: i % 5 === 0 ? 'failed' : 'ok',
    cause: null,
    status: i % 5 === 0 ? 'code:1' : 'code:0',
    peakRssKb: null,
    switchmanVersion: 'test',
  });
  try {
    await Promise.all(Array.from({ length: 40 }, (_, i) => recordRun(sessions[i % 8] as ZkSession, s.prefix, record(i), false)));
  } finally {
    await Promise.all(sessions.map((session) => session.close(500)));
  }
  const runs = await runsOf(s, 'herd');
  assert.deepEqual(runs?.counts, { ok: 32, failed: 8, stopped: 0 });
  assert.equal(runs?.last.runId, 'run-39', 'the run that ended last is the last run');
  assert.equal(runs?.lastSuccess?.runId, 'run-39');
});

test('drain: the running job stops within 2 s and frees its lock, new runs on the host do not start, another host runs; undrain', opts, async () => {
  const s = await setup();
  const running = job(s, HOST_A, 'long', 'sleep 60');
  await waitFor(async () => (await lockHolder(s, 'long'))?.startsWith(HOST_A), 10_000, 'A to hold the lock');
  const drainedAt = Date.now();
  const drained = await command(s, HOST_A, ['drain', '--reason', 'kernel update']);
  assert.equal(drained.code, 0, drained.stderr);
  assert.match(drained.stdout, /a\.fleet\.test drained: new runs do not start; running jobs stop now/);
  const end = await running.exited;
  await waitFor(async () => (await lockHolder(s, 'long')) === undefined, 5000, 'the lock to be free');
  assert.ok(Date.now() - drainedAt < 2000 + 1000, `stopped and free within 2 s of the drain (${Date.now() - drainedAt} ms, with the drain command's own start)`);
  assert.equal(end.code, 75, running.stderr());
  const runs = await runsOf(s, 'long');
  assert.deepEqual([runs?.last.result, runs?.last.cause], ['stopped', 'drained']);

  const marker = join(s.dir, 'ran-on-a');
  const held = await job(s, HOST_A, 'next', `touch ${marker}`).exited;
  assert.deepEqual([held.code, existsSync(marker)], [0, false], 'a drained host does not start new runs, quietly');
  const other = await job(s, HOST_B, 'next', 'exit 0').exited;
  assert.equal(other.code, 0);
  assert.equal((await runsOf(s, 'next'))?.last.host, HOST_B, 'another host of the group ran the next one');

  const status = await command(s, HOST_B, ['status']);
  assert.match(status.stdout, /a\.fleet\.test.*drain/i);

  assert.equal((await command(s, HOST_B, ['undrain', HOST_A])).code, 0);
  const again = await job(s, HOST_A, 'next', `touch ${marker}`).exited;
  assert.deepEqual([again.code, existsSync(marker)], [0, true], 'undrained, A runs again');
});

test('drain --wait: running jobs finish, the command returns once none is left', opts, async () => {
  const s = await setup();
  const running = job(s, HOST_A, 'finishing', 'sleep 1.5; exit 0');
  await waitFor(async () => (await lockHolder(s, 'finishing'))?.startsWith(HOST_A), 10_000, 'A to hold the lock');
  const drained = await command(s, HOST_B, ['drain', HOST_A, '--wait', '--reason', 'reboot']);
  assert.equal(drained.code, 0, drained.stderr);
  assert.match(drained.stdout, /no job left running/);
  assert.equal((await running.exited).code, 0, 'the job was let finish');
  assert.equal((await runsOf(s, 'finishing'))?.last.result, 'ok');
});

test('pause a job or a group everywhere: running jobs stop, no host starts one; resume', opts, async () => {
  const s = await setup();
  const running = job(s, HOST_A, 'nightly', 'sleep 60');
  await waitFor(async () => (await lockHolder(s, 'nightly'))?.startsWith(HOST_A), 10_000, 'A to hold the lock');
  const paused = await command(s, HOST_B, ['pause', 'nightly', '--reason', 'incident 42']);
  assert.equal(paused.code, 0, paused.stderr);
  assert.match(paused.stdout, /job nightly paused everywhere/);
  assert.equal((await running.exited).code, 75);
  assert.deepEqual([(await runsOf(s, 'nightly'))?.last.cause], ['paused']);
  for (const host of [HOST_A, HOST_B]) {
    const marker = join(s.dir, `paused-${host}`);
    assert.deepEqual([(await job(s, host, 'nightly', `touch ${marker}`).exited).code, existsSync(marker)], [0, false], `${host} holds the paused job back`);
  }
  assert.equal((await job(s, HOST_A, 'daily', 'exit 0').exited).code, 0, 'other jobs run');
  assert.equal((await command(s, HOST_B, ['resume', 'nightly'])).code, 0);
  assert.equal((await runsOf(s, 'nightly'))?.last.result, 'stopped');
  assert.equal((await job(s, HOST_A, 'nightly', 'exit 0').exited).code, 0);
  assert.equal((await runsOf(s, 'nightly'))?.last.result, 'ok', 'resumed, it runs');

  const pausedGroup = await command(s, HOST_B, ['pause', 'batch']);
  assert.match(pausedGroup.stdout, /group batch paused everywhere/);
  const marker = join(s.dir, 'group-paused');
  assert.deepEqual([(await job(s, HOST_B, 'any', `touch ${marker}`).exited).code, existsSync(marker)], [0, false]);
  assert.equal((await command(s, HOST_B, ['resume', 'batch'])).code, 0);
  assert.equal((await job(s, HOST_B, 'any', `touch ${marker}`).exited).code, 0);
  assert.ok(existsSync(marker));
});
