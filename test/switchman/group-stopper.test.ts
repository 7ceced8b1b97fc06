// Stopping a process group, with an injected clock and simulated processes: no sleeping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupStopper } from '../../src/switchman/group-stopper.js';
import { FakeClock, FakeGroup } from './fake-clock.js';

function setup(ignoresTerm: boolean) {
  const clock = new FakeClock();
  const group = new FakeGroup(clock, 3, ignoresTerm);
  let goneAt: number | undefined;
  const stopper = new GroupStopper({ now: () => clock.now, setTimer: clock.setTimer, clearTimer: clock.clearTimer, signal: group.signal, alive: group.isAlive });
  stopper.onGone(() => (goneAt = clock.now));
  return { clock, group, stopper, goneAt: () => goneAt };
}

test('SIGTERM to the group; done as soon as it is empty; no SIGKILL', () => {
  const s = setup(false);
  s.stopper.stop(10_000);
  s.clock.advance(100);
  assert.deepEqual(s.group.signals, ['0:SIGTERM']);
  assert.ok((s.goneAt() ?? Infinity) <= 30, `gone at ${s.goneAt()}`);
  assert.equal(s.stopper.sentKill, false);
  assert.equal(s.clock.pending, 0, 'no timer left behind');
});

test('a group that ignores SIGTERM gets SIGKILL exactly when the grace period ends', () => {
  const s = setup(true);
  s.clock.advance(7);
  s.stopper.stop(1000);
  s.clock.advance(999);
  assert.deepEqual(s.group.signals, ['7:SIGTERM']);
  assert.equal(s.goneAt(), undefined);
  s.clock.advance(30);
  assert.deepEqual(s.group.signals.slice(0, 2), ['7:SIGTERM', '1007:SIGKILL']);
  assert.ok(s.goneAt() !== undefined);
  assert.equal(s.stopper.sentKill, true);
});

test('a grace period of 0 kills at once, without SIGTERM', () => {
  const s = setup(true);
  s.stopper.stop(0);
  s.clock.advance(50);
  assert.deepEqual(s.group.signals, ['0:SIGKILL']);
  assert.ok(s.goneAt() !== undefined);
});

test('a second, shorter stop hurries the first; a longer one does not delay it', () => {
  const s = setup(true);
  s.stopper.stop(10_000);
  s.clock.advance(100);
  s.stopper.stop(50_000);
  s.clock.advance(100);
  assert.deepEqual(s.group.signals, ['0:SIGTERM'], 'SIGTERM is sent once');
  s.stopper.stop(0);
  assert.deepEqual(s.group.signals, ['0:SIGTERM', '200:SIGKILL']);
});

test('checkGone notices an empty group without stopping anything', () => {
  const s = setup(false);
  assert.equal(s.stopper.checkGone(), false);
  s.group.alive = 0;
  assert.equal(s.stopper.checkGone(), true);
  assert.equal(s.goneAt(), 0);
  assert.deepEqual(s.group.signals, []);
});

test('after the main process ends: one look decides; a tree still there is stopped and waited for, never left hanging', async () => {
  const { settleAfterMainExit } = await import('../../src/switchman/supervise.js');
  // Whatever a look at the tree answers, the result comes: at once when gone, after the stop otherwise.
  for (const answers of [[false], [true, true, false], [true, false]]) {
    const clock = new FakeClock();
    const seen = [...answers];
    let looks = 0;
    const signals: string[] = [];
    const stopper = new GroupStopper({
      now: () => clock.now,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
      signal: (signal) => void signals.push(signal),
      alive: () => {
        looks++;
        return seen.length > 1 ? seen.shift()! : seen[0]!;
      },
    });
    let done = false;
    let leftovers = false;
    stopper.onGone(() => (done = true));
    settleAfterMainExit(stopper, 1000, () => (leftovers = true));
    clock.advance(2000);
    assert.equal(done, true, `answers ${answers.join(',')}: the result came`);
    assert.equal(leftovers, answers[0], `answers ${answers.join(',')}: leftovers only when the first look saw some`);
    assert.deepEqual(signals, answers[0] ? ['SIGTERM'] : []);
    assert.ok(looks >= 1);
    assert.equal(clock.pending, 0, 'no timer left behind');
  }
});
