// The lease watcher with a fake clock and session: TERM at 1/3 and KILL at 2/3 of the session
// timeout after the last answer from ZooKeeper, pushed back by every answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LeaseWatcher } from '../../../src/switchman/run/lease-watcher.js';
import type { Clock, StopRequest } from '../../../src/switchman/run/ports.js';
import { FakeClock } from '../fake-clock.js';
import { FakeSession } from './fake-session.js';

function setup(clockFor: (clock: FakeClock) => Clock = (c) => ({ now: () => c.now, setTimer: c.setTimer, clearTimer: c.clearTimer })) {
  const fake = new FakeClock();
  const session = new FakeSession(fake, 9000);
  const stops: (StopRequest & { at: number })[] = [];
  const renewals: { termInMs: number; killInMs: number }[] = [];
  const lease = new LeaseWatcher({
    session,
    clock: clockFor(fake),
    onStop: (request) => void stops.push({ ...request, at: fake.now }),
    onRenew: (remaining) => void renewals.push(remaining),
  });
  lease.listen();
  lease.arm();
  return { fake, session, lease, stops, renewals };
}

test('no answer from ZooKeeper: TERM at a third of the session timeout, with the grace up to KILL at two thirds', () => {
  const s = setup();
  s.fake.advance(2999);
  assert.equal(s.stops.length, 0);
  s.fake.advance(1);
  assert.equal(s.stops.length, 1);
  assert.deepEqual(s.stops[0], { at: 3000, graceMs: 3000, reason: { kind: 'zk-lost', detail: 'no answer from ZooKeeper for 3000 ms (session timeout 9000 ms)' } });
  s.fake.advance(3000);
  assert.equal(s.stops.length, 2);
  assert.equal(s.stops[1]?.at, 6000);
  assert.equal(s.stops[1]?.graceMs, 0, 'KILL: no grace left');
  assert.equal(s.fake.pending, 0);
});

test('every answer renews the lease (and tells the fence the time left)', () => {
  const s = setup();
  s.fake.advance(2000);
  s.session.contact();
  assert.deepEqual(s.renewals, [{ termInMs: 3000, killInMs: 6000 }]);
  s.fake.advance(2999);
  assert.equal(s.stops.length, 0, 'renewed at 2000: nothing before 5000');
  s.fake.advance(1);
  assert.deepEqual(s.stops.map((r) => [r.at, r.graceMs]), [[5000, 3000]]);
  s.fake.advance(3000);
  assert.deepEqual(s.stops.map((r) => [r.at, r.graceMs]), [[5000, 3000], [8000, 0]]);
});

test('a timer that fires early looks again at the deadline instead of stopping early', () => {
  // Node's timers may fire a little early: this clock fires every timer at 99% of its delay.
  const s = setup((c) => ({ now: () => c.now, setTimer: (fn, ms) => c.setTimer(fn, ms * 0.99), clearTimer: c.clearTimer }));
  s.fake.advance(2999);
  assert.equal(s.stops.length, 0, 'nothing before the deadline');
  s.fake.advance(10);
  assert.equal(s.stops.length, 1);
  assert.ok((s.stops[0]?.at ?? 0) >= 3000, `TERM at ${s.stops[0]?.at}`);
});

test('an early timer after a renewal does not arm a second time: the renewal armed its own', () => {
  const s = setup((c) => ({ now: () => c.now, setTimer: (fn, ms) => c.setTimer(fn, ms * 0.99), clearTimer: c.clearTimer }));
  s.fake.advance(2000);
  s.session.contact();
  s.fake.advance(2999);
  assert.equal(s.stops.length, 0);
  s.fake.advance(20);
  assert.equal(s.stops.length, 1);
  assert.ok((s.stops[0]?.at ?? 0) >= 5000);
});

test('closed (the run is over, or the session expired): no timers, no renewals, no stops', () => {
  const s = setup();
  s.lease.close();
  assert.equal(s.fake.pending, 0);
  s.session.contact();
  s.fake.advance(10_000);
  assert.equal(s.stops.length, 0);
  assert.equal(s.renewals.length, 0);
});

test('disarmed (the job is over): the timers go until the next answer', () => {
  const s = setup();
  s.lease.disarm();
  assert.equal(s.fake.pending, 0);
  s.fake.advance(1000);
  s.session.contact();
  s.fake.advance(3000);
  assert.deepEqual(s.stops.map((r) => r.at), [4000]);
});
