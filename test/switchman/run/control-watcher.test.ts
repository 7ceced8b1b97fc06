// The control watcher over a fake session: a drain of this host or a pause of the job stops
// the job with the normal grace; a drain --wait lets it finish; nothing stops before it runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlPath } from '../../../src/switchman/fleet/layout.js';
import { ControlWatcher } from '../../../src/switchman/run/control-watcher.js';
import type { StopRequest } from '../../../src/switchman/run/ports.js';
import { FakeClock } from '../fake-clock.js';
import { FakeSession, settle } from './fake-session.js';

const PREFIX = '/switchman';
const CONTROL = controlPath(PREFIX);
const marker = { by: 'ops', at: '2026-01-01T00:00:00Z', reason: 'maintenance' };

async function setup(options: { started?: boolean } = {}) {
  const session = new FakeSession(new FakeClock());
  const stops: StopRequest[] = [];
  const watcher = new ControlWatcher({ session, prefix: PREFIX, host: 'box1', group: 'web', lock: 'job', graceMs: 10_000, onStop: (r) => void stops.push(r) });
  await watcher.read(true);
  if (options.started ?? true) watcher.jobStarted();
  return { session, watcher, stops };
}

test('no control node: nothing to do, and its creation is watched', async () => {
  const s = await setup();
  assert.equal(s.session.watchCount(CONTROL), 1);
  assert.equal(s.stops.length, 0);
});

test('this host drained: stop with the termination grace', async () => {
  const s = await setup();
  s.session.set(CONTROL, JSON.stringify({ drained: { box1: marker } }));
  await settle();
  assert.deepEqual(s.stops, [{ reason: { kind: 'held-back', cause: 'drained', detail: 'host box1 drained by ops: maintenance' }, graceMs: 10_000 }]);
});

test('this host drained with --wait (letRunningFinish): the job finishes', async () => {
  const s = await setup();
  s.session.set(CONTROL, JSON.stringify({ drained: { box1: { ...marker, letRunningFinish: true } } }));
  await settle();
  assert.equal(s.stops.length, 0);
});

test('another host drained: nothing', async () => {
  const s = await setup();
  s.session.set(CONTROL, JSON.stringify({ drained: { box2: marker } }));
  await settle();
  assert.equal(s.stops.length, 0);
});

test('the job paused (even with a drain --wait of the host): stop', async () => {
  const s = await setup();
  s.session.set(CONTROL, JSON.stringify({ drained: { box1: { ...marker, letRunningFinish: true } }, pausedJobs: { job: { by: 'ops', at: '', reason: '' } } }));
  await settle();
  assert.deepEqual(s.stops, [{ reason: { kind: 'held-back', cause: 'paused', detail: 'job job paused by ops' }, graceMs: 10_000 }]);
});

test('a drain that comes before the job runs applies once it does', async () => {
  const s = await setup({ started: false });
  s.session.set(CONTROL, JSON.stringify({ pausedGroups: { web: marker } }));
  await settle();
  assert.equal(s.stops.length, 0, 'no job yet');
  s.watcher.jobStarted();
  assert.equal(s.stops.length, 1);
  assert.equal(s.stops[0]?.reason.kind, 'held-back');
});

test('while the run waits for a lease: a drain, even one with --wait, ends the wait at once', async () => {
  const s = await setup({ started: false });
  s.watcher.waiting();
  s.session.set(CONTROL, JSON.stringify({ drained: { box1: { ...marker, letRunningFinish: true } } }));
  await settle();
  assert.deepEqual(s.stops, [{ reason: { kind: 'held-back', cause: 'drained', detail: 'host box1 drained by ops: maintenance' }, graceMs: 10_000 }]);
});

test('a drain read before the wait begins ends it as it begins', async () => {
  const s = await setup({ started: false });
  s.session.set(CONTROL, JSON.stringify({ drained: { box1: marker } }));
  await settle();
  assert.equal(s.stops.length, 0);
  s.watcher.waiting();
  assert.equal(s.stops.length, 1);
});

test('a change missed while cut off is found by the recheck after the reconnect', async () => {
  const s = await setup();
  s.session.setQuietly(CONTROL, JSON.stringify({ drained: { box1: marker } }), '0000000000000000');
  await s.watcher.recheck();
  assert.equal(s.stops.length, 1);
});

test('closed: changes are ignored', async () => {
  const s = await setup();
  s.watcher.close();
  s.session.set(CONTROL, JSON.stringify({ drained: { box1: marker } }));
  await settle();
  assert.equal(s.stops.length, 0);
});
