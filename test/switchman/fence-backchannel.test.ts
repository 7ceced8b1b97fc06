// The fence's view of the job's tree (the run cgroup, or the group plus the run id's carriers)
// and its back-channel: when it decides to stop the job on its own, it tells switchman, which
// hears it through FenceClient.onStopping.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { FenceClient } from '../../src/switchman/fence-client.js';
import type { FenceStopCause, FromFence } from '../../src/switchman/fence-protocol.js';
import { isFromFence } from '../../src/switchman/fence-protocol.js';
import { Fence } from '../../src/switchman/fence.js';
import { FakeClock, FakeGroup, fakeFenceBase, fakeGroups } from './fake-clock.js';
import { FIXTURES, killMarked, markedPids, newMarker, waitFor } from './tree-support.js';

function setup(options: { runGroups?: number[]; ignoresTerm?: boolean } = {}) {
  const clock = new FakeClock();
  const groupOf = fakeGroups(clock, options.ignoresTerm ?? false);
  const cgroup = new FakeGroup(clock, 3, options.ignoresTerm ?? false);
  const cgroupCalls: string[] = [];
  const removed: string[] = [];
  const told: FromFence[] = [];
  let exitedAt: number | undefined;
  const fence = new Fence({
    ...fakeFenceBase(clock, groupOf, options.runGroups),
    signalCgroup: (dir, signal) => {
      cgroupCalls.push(`${dir}:${signal}`);
      if (dir === '/cg/run-1') cgroup.signal(signal);
    },
    cgroupAlive: (dir) => dir === '/cg/run-1' && cgroup.isAlive(),
    removeCgroup: (dir) => void removed.push(dir),
    notify: (message) => void told.push(message),
    log: () => undefined,
    exit: () => (exitedAt ??= clock.now),
  });
  return { clock, fence, groupOf, cgroup, cgroupCalls, removed, told, exitedAt: () => exitedAt };
}

test('lease not renewed: the fence tells switchman once, cause "lease"', () => {
  const s = setup({ ignoresTerm: true });
  s.fence.onMessage({ t: 'prepare', runId: 'r', terminationMs: 10_000, lock: 'l', logfile: undefined, termInMs: 1e9, killInMs: 2e9 });
  s.fence.onMessage({ t: 'guard', pgid: 500, termInMs: 100, killInMs: 200 });
  s.clock.advance(99);
  assert.deepEqual(s.told, []);
  s.clock.advance(300);
  assert.deepEqual(s.told, [{ t: 'stopping', cause: 'lease' }]);
  assert.deepEqual(s.groupOf(500).signals.slice(0, 2), ['100:SIGTERM', '200:SIGKILL']);
});

test('switchman gone: cause "orphan"; released first: nothing to tell', () => {
  const s = setup();
  s.fence.onMessage({ t: 'prepare', runId: 'r', terminationMs: 10_000, lock: 'l', logfile: undefined, termInMs: 1e9, killInMs: 2e9 });
  s.fence.onMessage({ t: 'guard', pgid: 500, termInMs: 1e9, killInMs: 2e9 });
  s.fence.onOrphaned();
  assert.deepEqual(s.told, [{ t: 'stopping', cause: 'orphan' }]);
  const r = setup();
  r.fence.onMessage({ t: 'prepare', runId: 'r', terminationMs: 10_000, lock: 'l', logfile: undefined, termInMs: 1e9, killInMs: 2e9 });
  r.fence.onMessage({ t: 'guard', pgid: 500, termInMs: 1e9, killInMs: 2e9 });
  r.fence.onMessage({ t: 'release' });
  r.fence.onOrphaned();
  assert.deepEqual(r.told, []);
});

test('the job in a run cgroup: the fence stops the cgroup (SIGKILL = cgroup.kill), not a process group, and removes it', () => {
  const s = setup({ ignoresTerm: true });
  s.fence.onMessage({ t: 'prepare', runId: 'r', terminationMs: 200, lock: 'l', logfile: undefined, cgroup: '/cg/run-1', termInMs: 1e9, killInMs: 2e9 });
  s.fence.onMessage({ t: 'guard', pgid: 500, termInMs: 1e9, killInMs: 2e9, cgroup: '/cg/run-1' });
  s.fence.onOrphaned();
  s.clock.advance(300);
  assert.deepEqual(s.cgroup.signals.slice(0, 2), ['0:SIGTERM', '200:SIGKILL']);
  assert.deepEqual(s.groupOf(500).signals, [], 'the cgroup holds the whole tree');
  assert.deepEqual(s.removed, ['/cg/run-1']);
  assert.ok(s.exitedAt() !== undefined);
});

test('switchman dies before "guard": the planned cgroup is stopped, with the run-id groups', () => {
  const s = setup({ runGroups: [700] });
  s.fence.onMessage({ t: 'prepare', runId: 'r', terminationMs: 10_000, lock: 'l', logfile: undefined, cgroup: '/cg/run-1', termInMs: 1e9, killInMs: 2e9 });
  s.fence.onOrphaned();
  s.clock.advance(50);
  assert.deepEqual(s.cgroup.signals, ['0:SIGTERM']);
  assert.deepEqual(s.groupOf(700).signals, ['0:SIGTERM']);
  assert.ok(s.exitedAt() !== undefined);
});

test('no cgroup: the job group AND the groups of the run id carriers (escapes by setsid) are stopped', () => {
  const s = setup({ runGroups: [700, 701] });
  s.fence.onMessage({ t: 'prepare', runId: 'r', terminationMs: 10_000, lock: 'l', logfile: undefined, termInMs: 1e9, killInMs: 2e9 });
  s.fence.onMessage({ t: 'guard', pgid: 500, termInMs: 100, killInMs: 200 });
  s.clock.advance(150);
  for (const g of [500, 700, 701]) assert.deepEqual(s.groupOf(g).signals, ['100:SIGTERM'], `group ${g}`);
});

test('isFromFence accepts only the ready and stopping messages', () => {
  assert.ok(isFromFence({ t: 'ready' }));
  assert.ok(isFromFence({ t: 'stopping', cause: 'lease' }));
  assert.ok(isFromFence({ t: 'stopping', cause: 'orphan' }));
  assert.equal(isFromFence({ t: 'stopping', cause: 'other' }), false);
  assert.equal(isFromFence({ t: 'guard' }), false);
  assert.equal(isFromFence(null), false);
});

test('FenceClient.ready: false when the fence exits without saying it is up', async () => {
  const client = await FenceClient.spawn({ file: process.execPath, args: ['-e', 'process.exit(3)'] }, process.env);
  assert.equal(await client.ready(), false);
});

test('FenceClient.onStopping: lines split across writes, junk ignored, each cause once, replayed to late listeners', async () => {
  // A fake fence: writes its messages back on fd 3 in pieces, then waits for EOF.
  const script = `
    const fs = require('node:fs');
    const parts = ['garbage\\n{"t":"stopp', 'ing","cause":"lease"}\\n{"t":"stopping","cause":"lease"}\\n', '{"t":"nope"}\\n{"t":"stopping","cause":"orphan"}\\n'];
    let i = 0;
    const next = () => { if (i < parts.length) { fs.writeSync(3, parts[i++]); setTimeout(next, 30); } };
    next();
    fs.read(3, Buffer.alloc(100), 0, 100, null, () => process.exit(0));`;
  const client = await FenceClient.spawn({ file: process.execPath, args: ['-e', script] }, process.env);
  const heard: FenceStopCause[] = [];
  client.onStopping((cause) => heard.push(cause));
  await waitFor(() => heard.length >= 2, 5000, 'both causes');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(heard, ['lease', 'orphan']);
  const late: FenceStopCause[] = [];
  client.onStopping((cause) => late.push(cause));
  assert.deepEqual(late, ['lease', 'orphan']);
  assert.deepEqual(client.stoppingCauses, ['lease', 'orphan']);
  client.release();
  await client.exited();
});

test('the real fence: lease not renewed, it stops the job and says so on fd 3', async () => {
  const marker = newMarker();
  const job = spawn('sleep', [marker], { detached: true, stdio: 'ignore' });
  try {
    const client = await FenceClient.spawn({ file: process.execPath, args: ['--import', 'tsx', join(FIXTURES, 'fence-entry.ts')] }, process.env);
    assert.equal(await client.ready(), true, 'the fence says it is up');
    const heard: FenceStopCause[] = [];
    client.onStopping((cause) => heard.push(cause));
    client.send({ t: 'prepare', runId: 'run-test', terminationMs: 1000, lock: 'backchannel', logfile: '/dev/null', termInMs: 1e9, killInMs: 2e9 });
    client.send({ t: 'guard', pgid: job.pid as number, termInMs: 100, killInMs: 300 });
    await waitFor(() => heard.length > 0, 10_000, 'the fence to say it stops the job');
    assert.deepEqual(heard, ['lease']);
    await waitFor(() => markedPids(marker).length === 0, 2000, 'the job to be stopped');
    client.release();
    await client.exited();
  } finally {
    killMarked(marker);
  }
});
