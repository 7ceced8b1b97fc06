// The prober over a fake clock and session: a read every interval (its answer renews the
// lease), a look by the lock watcher when the lock node is not ours, nothing while cut off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Prober } from '../../../src/switchman/run/prober.js';
import { FakeClock } from '../fake-clock.js';
import { FakeSession, OURS, THEIRS, settle } from './fake-session.js';

const LOCK = '/switchman/locks/job';

function setup() {
  const fake = new FakeClock();
  const session = new FakeSession(fake, 9000);
  session.set(LOCK, 'box1 42', OURS);
  let suspicions = 0;
  const prober = new Prober({
    session,
    clock: { now: () => fake.now, setTimer: fake.setTimer, clearTimer: fake.clearTimer },
    intervalMs: 1500,
    path: LOCK,
    onNotOurs: async () => void (suspicions += 1),
  });
  prober.start();
  const probes = (): number => session.reads.length;
  return { fake, session, prober, probes, suspicions: () => suspicions };
}

test('a read every interval while the lock is ours', async () => {
  const s = setup();
  s.fake.advance(1499);
  assert.equal(s.probes(), 0);
  s.fake.advance(1);
  await settle();
  s.fake.advance(1500);
  await settle();
  assert.equal(s.probes(), 2);
  assert.equal(s.suspicions(), 0);
});

test('the lock node not ours: the lock watcher looks', async () => {
  const s = setup();
  s.session.set(LOCK, 'box2 7', THEIRS);
  s.fake.advance(1500);
  await settle();
  assert.equal(s.suspicions(), 1);
});

test('cut off: no read (the lease decides), and probing resumes after', async () => {
  const s = setup();
  s.session.isConnected = false;
  s.fake.advance(1500);
  await settle();
  assert.equal(s.probes(), 0);
  s.session.isConnected = true;
  s.fake.advance(1500);
  await settle();
  assert.equal(s.probes(), 1);
});

test('closed: no timer left', async () => {
  const s = setup();
  s.prober.close();
  assert.equal(s.fake.pending, 0);
  s.fake.advance(10_000);
  await settle();
  assert.equal(s.probes(), 0);
});
