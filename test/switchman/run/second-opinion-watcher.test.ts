// The second opinion while our session is cut off, over a fake clock: nothing for a failover
// quicker than the first delay; then fresh sessions are asked every pause, or a sixth of the
// session timeout after an "ours"; "lost" stops the job at once; it ends with the reconnect or
// the job.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StopRequest } from '../../../src/switchman/run/ports.js';
import { SECOND_OPINION_FIRST_DELAY_MS, SECOND_OPINION_PAUSE_MS, SecondOpinionWatcher } from '../../../src/switchman/run/second-opinion-watcher.js';
import type { LockVerdict } from '../../../src/switchman/second-opinion.js';
import { FakeClock } from '../fake-clock.js';
import { FakeSession, settle } from './fake-session.js';

function setup(answers: LockVerdict[]) {
  const fake = new FakeClock();
  const session = new FakeSession(fake);
  session.isConnected = false;
  const stops: StopRequest[] = [];
  let asked = 0;
  let holds = true;
  let running = true;
  const watcher = new SecondOpinionWatcher({
    session,
    clock: { now: () => fake.now, setTimer: fake.setTimer, clearTimer: fake.clearTimer },
    ask: async () => answers[Math.min(asked++, answers.length - 1)] ?? 'unknown',
    holdsLock: () => holds,
    jobRunning: () => running,
    onStop: (request) => {
      holds = false;
      stops.push(request);
    },
  });
  const advance = async (ms: number): Promise<void> => {
    fake.advance(ms);
    await settle();
  };
  const step = (): Promise<void> => advance(SECOND_OPINION_PAUSE_MS);
  /** Past the first delay: the first question goes out. */
  const begin = async (): Promise<void> => {
    await settle();
    await advance(SECOND_OPINION_FIRST_DELAY_MS);
  };
  return { fake, session, watcher, stops, asked: () => asked, advance, step, begin, endJob: () => (running = false), dropLock: () => (holds = false) };
}

test('ZooKeeper no longer knows our lock: kill at once', async () => {
  const s = setup(['unknown', 'lost']);
  const done = s.watcher.whileDisconnected();
  await s.begin();
  assert.equal(s.asked(), 1);
  await s.step();
  assert.deepEqual(s.stops, [{ reason: { kind: 'zk-lost', detail: 'ZooKeeper no longer knows our lock (session or data lost on the server)' }, graceMs: 0 }]);
  s.endJob();
  await s.step();
  await done;
});

test('still ours: no stop; asking ends with the reconnect', async () => {
  const s = setup(['ours']);
  const done = s.watcher.whileDisconnected();
  await s.begin();
  // "Ours": the next question a sixth of the session timeout (9 s) later, not every pause.
  await s.advance(1500 - SECOND_OPINION_PAUSE_MS);
  assert.equal(s.asked(), 1);
  await s.advance(SECOND_OPINION_PAUSE_MS);
  const asked = s.asked();
  assert.equal(asked, 2);
  s.session.isConnected = true;
  await s.step();
  await done;
  await s.step();
  assert.equal(s.asked(), asked, 'no more questions once reconnected');
  assert.equal(s.stops.length, 0);
});

test('a "lost" that arrives after the reconnect is ignored', async () => {
  const fake = new FakeClock();
  const session = new FakeSession(fake);
  session.isConnected = false;
  let answer: (v: LockVerdict) => void = () => undefined;
  const stops: StopRequest[] = [];
  let asked = 0;
  const watcher = new SecondOpinionWatcher({
    session,
    clock: { now: () => fake.now, setTimer: fake.setTimer, clearTimer: fake.clearTimer },
    ask: () => new Promise((resolve) => ((asked += 1), (answer = resolve))),
    holdsLock: () => true,
    jobRunning: () => true,
    onStop: (r) => void stops.push(r),
  });
  const done = watcher.whileDisconnected();
  await settle();
  fake.advance(SECOND_OPINION_FIRST_DELAY_MS);
  await settle();
  assert.equal(asked, 1);
  session.isConnected = true;
  answer('lost');
  fake.advance(SECOND_OPINION_PAUSE_MS);
  await settle();
  await done;
  assert.equal(stops.length, 0);
});

test('nothing to ask without the lock, and one asker at a time', async () => {
  const s = setup(['ours']);
  s.dropLock();
  await s.watcher.whileDisconnected();
  assert.equal(s.asked(), 0);
  const t = setup(['unknown']);
  const first = t.watcher.whileDisconnected();
  const second = t.watcher.whileDisconnected();
  await t.begin();
  assert.equal(t.asked(), 1);
  t.watcher.close();
  await t.step();
  await Promise.all([first, second]);
});

test('a failover quicker than the first delay asks nothing (no fresh session, no writes)', async () => {
  const s = setup(['lost']);
  const done = s.watcher.whileDisconnected();
  await settle();
  await s.advance(SECOND_OPINION_FIRST_DELAY_MS - 10);
  s.session.isConnected = true;
  await s.advance(SECOND_OPINION_PAUSE_MS);
  await done;
  assert.equal(s.asked(), 0);
  assert.equal(s.stops.length, 0);
});
