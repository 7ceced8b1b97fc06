// The proof before the start, over a fake clock and session: the lock must be ours under a
// lease that is valid when the answer arrives, not merely when it was sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proveLock } from '../../../src/switchman/run/prove-lock.js';
import { FakeClock } from '../fake-clock.js';
import { FakeSession, OURS, THEIRS } from './fake-session.js';

const LOCK = '/switchman/locks/job';

function setup() {
  const fake = new FakeClock();
  const session = new FakeSession(fake, 9000);
  const clock = { now: () => fake.now, setTimer: fake.setTimer, clearTimer: fake.clearTimer };
  return { fake, session, clock };
}

test('ours under a valid lease: the proof carries the stat (its czxid is the fencing token)', async () => {
  const s = setup();
  s.session.set(LOCK, 'box1 42', OURS);
  const proof = await proveLock({ session: s.session, clock: s.clock, lockPath: LOCK, prefix: '/switchman', expired: () => false });
  assert.ok(proof.ok);
  assert.equal(proof.stat?.ephemeralOwner, OURS);
});

test('someone else\'s lock: do not start', async () => {
  const s = setup();
  s.session.set(LOCK, 'box2 7', THEIRS);
  const proof = await proveLock({ session: s.session, clock: s.clock, lockPath: LOCK, prefix: '/switchman', expired: () => false });
  assert.deepEqual(proof, { ok: false, ours: false, reason: { kind: 'lost-lock', detail: 'the lock was granted too late to be trusted: no fresh proof that it is still ours' } });
});

test('the lease ran out before the proof: do not start, though the node is ours', async () => {
  const s = setup();
  s.session.set(LOCK, 'box1 42', OURS);
  s.fake.advance(3000);
  const proof = await proveLock({ session: s.session, clock: s.clock, lockPath: LOCK, prefix: '/switchman', expired: () => false });
  assert.equal(proof.ok, false);
  assert.equal(!proof.ok && proof.ours, true);
});

test('without a lock: a valid lease is proof enough; a stale one needs a fresh answer', async () => {
  const s = setup();
  assert.deepEqual(await proveLock({ session: s.session, clock: s.clock, lockPath: undefined, prefix: '/switchman', expired: () => false }), { ok: true, stat: undefined });
  assert.equal(s.session.reads.length, 0, 'no round trip');
  s.fake.advance(3000);
  const proof = await proveLock({ session: s.session, clock: s.clock, lockPath: undefined, prefix: '/switchman', expired: () => false });
  assert.deepEqual(proof, { ok: false, ours: false, reason: { kind: 'zk-lost', detail: 'no fresh answer from ZooKeeper before the start' } });
});
