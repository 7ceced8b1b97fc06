import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FenceStopCause, ToFence } from '../fence-protocol.js';
import { KeptFence, MAX_REPLACEMENTS, type FenceHandle } from './kept-fence.js';

/** A fence process stand-in: records what it is sent; the test makes it ready, stop or die. */
class FakeFence implements FenceHandle {
  readonly sent: ToFence[] = [];
  released = false;
  private die: () => void = () => undefined;
  private readonly gone = new Promise<void>((resolve) => (this.die = resolve));
  private upOrGone: (up: boolean) => void = () => undefined;
  private readonly up = new Promise<boolean>((resolve) => (this.upOrGone = resolve));
  private stopping: ((cause: FenceStopCause) => void)[] = [];

  send(message: ToFence): void {
    this.sent.push(message);
  }
  release(): void {
    this.released = true;
  }
  ready(): Promise<boolean> {
    return this.up;
  }
  exited(): Promise<void> {
    return this.gone;
  }
  onStopping(cb: (cause: FenceStopCause) => void): void {
    this.stopping.push(cb);
  }
  comeUp(): void {
    this.upOrGone(true);
  }
  kill(): void {
    this.upOrGone(false);
    this.die();
  }
  say(cause: FenceStopCause): void {
    for (const cb of this.stopping) cb(cause);
  }
}

function keep(first: FakeFence) {
  const spawned: FakeFence[] = [];
  const logged: string[] = [];
  let lease = { termInMs: 3000, killInMs: 6000 };
  const kept = new KeptFence(first, {
    spawn: async () => {
      const next = new FakeFence();
      spawned.push(next);
      return next;
    },
    lease: () => lease,
    log: { info: (m) => logged.push(`info ${m}`), warning: (m) => logged.push(`warning ${m}`), error: (m) => logged.push(`error ${m}`) },
  });
  return { kept, spawned, logged, setLease: (l: typeof lease) => (lease = l) };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const prepare: ToFence = { t: 'prepare', runId: 'r1', terminationMs: 1000, lock: 'job', logfile: undefined, cgroup: '/sys/fs/cgroup/x', termInMs: 3000, killInMs: 6000 };
const guard: ToFence = { t: 'guard', pgid: 4242, cgroup: '/sys/fs/cgroup/x', termInMs: 3000, killInMs: 6000 };

test('a fence that dies while the job runs is replaced, and the new one is told the run, the tree and the lease as it is now', async () => {
  const first = new FakeFence();
  const { kept, spawned, logged, setLease } = keep(first);
  kept.send(prepare);
  kept.send(guard);
  setLease({ termInMs: 1200, killInMs: 4200 });
  first.kill();
  await settle();
  assert.equal(spawned.length, 1);
  const next = spawned[0]!;
  assert.deepEqual(next.sent, [], 'nothing before it is up');
  next.comeUp();
  await kept.replaced;
  assert.deepEqual(next.sent, [
    { ...prepare, termInMs: 1200, killInMs: 4200 },
    { ...guard, termInMs: 1200, killInMs: 4200 },
  ]);
  assert.deepEqual(logged, ['warning the fence is gone; starting a new one', 'info a new fence guards the job']);
  // Later messages go to the new fence.
  kept.send({ t: 'lease', termInMs: 3000, killInMs: 6000 });
  // (deepEqual above narrowed `sent` for the compiler: read it afresh.)
  const sent: ToFence[] = next.sent;
  assert.equal(sent[sent.length - 1]?.t, 'lease');
});

test('a released fence that exits is not replaced; a release during a replacement lets the new one go', async () => {
  const first = new FakeFence();
  const { kept, spawned } = keep(first);
  kept.send(prepare);
  kept.release();
  first.kill();
  await settle();
  assert.equal(spawned.length, 0);

  const other = new FakeFence();
  const k2 = keep(other);
  other.kill();
  await settle();
  k2.kept.release();
  assert.equal(k2.spawned[0]!.released, true);
  k2.spawned[0]!.comeUp();
  await k2.kept.replaced;
  assert.deepEqual(k2.spawned[0]!.sent, [], 'a released run tells it nothing');
});

test(`a fence that keeps dying is replaced ${MAX_REPLACEMENTS} times, then the log says the job runs unguarded`, async () => {
  const first = new FakeFence();
  const { kept, spawned, logged } = keep(first);
  kept.send(prepare);
  first.kill();
  for (let i = 0; i < MAX_REPLACEMENTS; i++) {
    await settle();
    assert.equal(spawned.length, i + 1);
    // Dies before it is up.
    spawned[i]!.kill();
  }
  await settle();
  await kept.replaced;
  assert.equal(spawned.length, MAX_REPLACEMENTS);
  assert.equal(logged.at(-1), 'error the fence died again; the job runs without one: should switchman die, it would outlive it');
});

test('stop causes are heard from every fence of the run, each once', async () => {
  const first = new FakeFence();
  const { kept, spawned } = keep(first);
  const heard: FenceStopCause[] = [];
  kept.onStopping((cause) => heard.push(cause));
  first.say('lease');
  first.kill();
  await settle();
  spawned[0]!.comeUp();
  await kept.replaced;
  spawned[0]!.say('lease');
  spawned[0]!.say('orphan');
  assert.deepEqual(heard, ['lease', 'orphan']);
  assert.deepEqual(kept.stoppingCauses, ['lease', 'orphan']);
});
