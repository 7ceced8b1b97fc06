// The lock watcher over a fake session: still ours, deleted (taken back, stop with the grace),
// taken by another session (kill at once), and the check after a reconnect.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LockWatcher } from '../../../src/switchman/run/lock-watcher.js';
import type { LockLoss } from '../../../src/switchman/run/lock-watcher.js';
import { FakeClock } from '../fake-clock.js';
import { FakeSession, OURS, THEIRS, settle } from './fake-session.js';

const LOCK = '/switchman/locks/job';

async function setup() {
  const session = new FakeSession(new FakeClock());
  const losses: LockLoss[] = [];
  const lock = new LockWatcher({
    session,
    path: LOCK,
    graceMs: 10_000,
    retake: (watcher) => session.createLock(LOCK, 'box1 42', watcher),
    onLost: (loss) => void losses.push(loss),
    holdsLock: () => true,
  });
  const taken = await session.createLock(LOCK, 'box1 42', lock.watcher);
  assert.ok(taken.ok);
  return { session, lock, losses };
}

test('a run that found the lock busy does not take it when the holder lets go', async () => {
  const session = new FakeSession(new FakeClock());
  await session.createLock(LOCK, 'box2 7', undefined);
  const losses: LockLoss[] = [];
  let retakes = 0;
  const lock = new LockWatcher({
    session,
    path: LOCK,
    graceMs: 10_000,
    retake: (watcher) => {
      retakes++;
      return session.createLock(LOCK, 'box1 42', watcher);
    },
    onLost: (loss) => void losses.push(loss),
    holdsLock: () => false,
  });
  // The busy run's create failed; its exists watch stays on the holder's node.
  await session.exists(LOCK, lock.watcher);
  session.delete(LOCK);
  await settle();
  assert.equal(retakes, 0);
  assert.deepEqual(losses, []);
  assert.equal(await session.exists(LOCK), null, 'the lock stays free for the next run');
});

test('a change that leaves the lock ours: nothing happens, the watch is set again', async () => {
  const s = await setup();
  s.session.set(LOCK, 'box1 42 touched', OURS);
  await settle();
  assert.equal(s.losses.length, 0);
  assert.equal(s.session.watchCount(LOCK), 1);
});

test('the lock node deleted: taken back at once, and the job stops with the normal grace', async () => {
  const s = await setup();
  s.session.delete(LOCK);
  await settle();
  assert.deepEqual(s.losses, [{ held: true, reason: { kind: 'lost-lock', detail: 'the lock node was deleted' }, graceMs: 10_000 }]);
  const stat = await s.session.exists(LOCK);
  assert.equal(stat?.ephemeralOwner, OURS, 'nobody else can start while the tree stops');
});

test('the lock node deleted and taken by another runner first: overlap has begun, kill at once', async () => {
  const s = await setup();
  // Deleted, then (before our read) created by the other runner: our read finds it theirs.
  s.session.set(LOCK, 'box2 7', THEIRS);
  await settle();
  assert.deepEqual(s.losses, [{ held: false, reason: { kind: 'lost-lock', detail: 'the lock node belongs to another session' }, graceMs: 0 }]);
});

test('the other runner creates the node between our read and our retake: kill at once, naming it', async () => {
  const session = new FakeSession(new FakeClock());
  const losses: LockLoss[] = [];
  const lock = new LockWatcher({
    session,
    path: LOCK,
    graceMs: 10_000,
    retake: async (watcher) => {
      session.setQuietly(LOCK, 'box2 7', THEIRS);
      return session.createLock(LOCK, 'box1 42', watcher);
    },
    onLost: (loss) => void losses.push(loss),
    holdsLock: () => true,
  });
  await lock.check();
  assert.deepEqual(losses, [{ held: false, reason: { kind: 'lost-lock', detail: 'the lock node was deleted and taken by box2 7' }, graceMs: 0 }]);
});

test('after a reconnect, a check finds what the lost watch missed', async () => {
  const s = await setup();
  s.session.isConnected = false;
  // Changed while we were cut off: the event never came.
  s.session.setQuietly(LOCK, 'box2 7', THEIRS);
  await settle();
  assert.equal(s.losses.length, 0);
  s.session.isConnected = true;
  await s.lock.check();
  assert.equal(s.losses.length, 1);
  assert.equal(s.losses[0]?.graceMs, 0);
});

test('a change during a check makes it read again, not run twice at once', async () => {
  const s = await setup();
  const first = s.lock.check();
  const second = s.lock.check();
  await Promise.all([first, second]);
  assert.deepEqual(s.session.reads.filter((r) => r === `exists ${LOCK}`).length, 2, 'one read, then one more for the check asked meanwhile');
  assert.equal(s.losses.length, 0);
});

test('connection trouble during a check: no verdict (the lease decides)', async () => {
  const s = await setup();
  s.session.failing = true;
  await s.lock.check();
  assert.equal(s.losses.length, 0);
});

test('closed: watch events are ignored', async () => {
  const s = await setup();
  s.lock.close();
  s.session.delete(LOCK);
  await settle();
  assert.equal(s.losses.length, 0);
});
