// The fence's decisions, with an injected clock and simulated process groups: no sleeping, no
// real processes (e2e-stop.test.ts covers the real thing: kill -9 of switchman).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fence } from '../../src/switchman/fence.js';
import { FakeClock, fakeFenceBase, fakeGroups } from './fake-clock.js';

function setup(options: { ignoresTerm?: boolean; runGroups?: number[] } = {}) {
  const clock = new FakeClock();
  const groupOf = fakeGroups(clock, options.ignoresTerm ?? false);
  const logs: string[] = [];
  let exitedAt: number | undefined;
  const fence = new Fence({
    ...fakeFenceBase(clock, groupOf, options.runGroups),
    log: (message) => void logs.push(message),
    exit: () => (exitedAt ??= clock.now),
  });
  const prepare = (terminationMs = 10_000) => fence.onMessage({ t: 'prepare', runId: 'r1', terminationMs, lock: 'job', logfile: undefined, termInMs: 1e9, killInMs: 2e9 });
  return { clock, fence, groupOf, logs, prepare, exitedAt: () => exitedAt };
}

test('switchman dies: the job group gets SIGTERM, then SIGKILL within the orphan grace even with a long termination_timeout', () => {
  const s = setup({ ignoresTerm: true });
  s.prepare(60_000);
  s.fence.onMessage({ t: 'guard', pgid: 500, termInMs: 1e9, killInMs: 2e9 });
  s.clock.advance(10);
  s.fence.onOrphaned();
  s.clock.advance(2000);
  assert.deepEqual(s.groupOf(500).signals, ['10:SIGTERM', '1010:SIGKILL']);
  assert.ok((s.exitedAt() ?? Infinity) <= 1100, 'the fence exits once the group is gone');
  assert.match(s.logs[0] ?? '', /switchman is gone/);
});

test('a short termination_timeout shortens the orphan grace', () => {
  const s = setup({ ignoresTerm: true });
  s.prepare(200);
  s.fence.onMessage({ t: 'guard', pgid: 500, termInMs: 1e9, killInMs: 2e9 });
  s.fence.onOrphaned();
  s.clock.advance(300);
  assert.deepEqual(s.groupOf(500).signals, ['0:SIGTERM', '200:SIGKILL']);
});

test('switchman dies before telling the fence the group: the job is found by its run id', () => {
  const s = setup({ runGroups: [700, 701] });
  s.prepare();
  s.fence.onOrphaned();
  s.clock.advance(100);
  assert.deepEqual(s.groupOf(700).signals, ['0:SIGTERM']);
  assert.deepEqual(s.groupOf(701).signals, ['0:SIGTERM']);
  assert.ok(s.exitedAt() !== undefined);
});

test('released (the job is done), or nothing prepared: the fence just exits', () => {
  const s = setup();
  s.prepare();
  s.fence.onMessage({ t: 'guard', pgid: 500, termInMs: 1e9, killInMs: 2e9 });
  s.fence.onMessage({ t: 'release' });
  assert.equal(s.exitedAt(), 0);
  s.fence.onOrphaned();
  assert.deepEqual(s.groupOf(500).signals, []);
  const t = setup();
  t.fence.onOrphaned();
  assert.equal(t.exitedAt(), 0);
});

test('the lease: SIGTERM at its term deadline, SIGKILL at its kill deadline, unless renewed', () => {
  const s = setup({ ignoresTerm: true });
  s.prepare();
  s.fence.onMessage({ t: 'guard', pgid: 500, termInMs: 300, killInMs: 600 });
  s.clock.advance(200);
  s.fence.onMessage({ t: 'lease', termInMs: 300, killInMs: 600 });
  s.clock.advance(299);
  assert.deepEqual(s.groupOf(500).signals, [], 'renewed at 200: nothing before 500');
  s.clock.advance(1);
  assert.deepEqual(s.groupOf(500).signals, ['500:SIGTERM']);
  s.clock.advance(310);
  assert.deepEqual(s.groupOf(500).signals.slice(0, 2), ['500:SIGTERM', '800:SIGKILL']);
  assert.match(s.logs[0] ?? '', /lease not renewed/);
  assert.equal(s.exitedAt(), undefined, 'switchman is alive: it will release the fence');
});

// CI caught a switchman frozen (SIGSTOP) right after spawning the job, before it could send
// "guard": the fence had no lease yet and the job ran on, unfenced, for as long as the freeze.
test('the lease runs from "prepare": a switchman frozen before "guard" still has its job stopped, found by its run id', () => {
  const s = setup({ ignoresTerm: true, runGroups: [700] });
  s.fence.onMessage({ t: 'prepare', runId: 'r1', terminationMs: 10_000, lock: 'job', logfile: undefined, termInMs: 300, killInMs: 600 });
  s.clock.advance(299);
  assert.deepEqual(s.groupOf(700).signals, []);
  s.clock.advance(1);
  assert.deepEqual(s.groupOf(700).signals, ['300:SIGTERM']);
  s.clock.advance(310);
  assert.deepEqual(s.groupOf(700).signals.slice(0, 2), ['300:SIGTERM', '600:SIGKILL']);
  assert.match(s.logs[0] ?? '', /lease not renewed/);
});

test('renewals before "guard" keep the lease; a lease that ran out before the job existed still stops the job "guard" names', () => {
  const runGroups: number[] = [];
  const s = setup({ runGroups });
  s.fence.onMessage({ t: 'prepare', runId: 'r1', terminationMs: 10_000, lock: 'job', logfile: undefined, termInMs: 300, killInMs: 600 });
  s.clock.advance(200);
  s.fence.onMessage({ t: 'lease', termInMs: 300, killInMs: 600 });
  s.clock.advance(250);
  assert.equal(s.logs.length, 0, 'renewed at 200: no stop at 300');
  // No renewal: the lease ends at 500 and 800 with nothing to stop yet.
  s.clock.advance(400);
  runGroups.push(500);
  s.fence.onMessage({ t: 'guard', pgid: 500, termInMs: 0, killInMs: 0 });
  s.clock.advance(1);
  assert.deepEqual(s.groupOf(500).signals.slice(0, 1), ['850:SIGKILL']);
});
