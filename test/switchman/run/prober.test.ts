// The prober over a fake clock and session: a read once the contact is an interval old (its
// answer renews the lease), at once after a slow start, not held back by slow answers (at most
// MAX_OUTSTANDING_PROBES out), a look by the lock watcher when the lock node is not ours,
// nothing while cut off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_OUTSTANDING_PROBES, Prober } from '../../../src/switchman/run/prober.js';
import { FakeClock } from '../fake-clock.js';
import { FakeSession, OURS, THEIRS, settle } from './fake-session.js';

const LOCK = '/switchman/locks/job';

function setup(options: { startAtMs?: number; silent?: boolean } = {}) {
  const fake = new FakeClock();
  const session = new FakeSession(fake, 9000);
  // A server that never answers: every probe stays out.
  if (options.silent === true) session.exists = async (path) => (session.reads.push(`exists ${path}`), new Promise(() => undefined));
  fake.advance(options.startAtMs ?? 0);
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

test('started long after the latest contact (a slow spawn): a probe at once', async () => {
  const s = setup({ startAtMs: 2600 });
  s.fake.advance(1);
  await settle();
  assert.equal(s.probes(), 1);
});

test('each contact moves the next probe an interval on', async () => {
  const s = setup();
  s.fake.advance(1000);
  s.session.contact();
  s.fake.advance(1499);
  await settle();
  assert.equal(s.probes(), 0);
  s.fake.advance(1);
  await settle();
  assert.equal(s.probes(), 1);
});

test('unanswered probes do not hold the next back, up to the cap', async () => {
  const s = setup({ silent: true });
  for (let i = 1; i <= MAX_OUTSTANDING_PROBES; i += 1) {
    s.fake.advance(1500);
    await settle();
    assert.equal(s.probes(), i);
  }
  s.fake.advance(1500 * 4);
  await settle();
  assert.equal(s.probes(), MAX_OUTSTANDING_PROBES);
});
