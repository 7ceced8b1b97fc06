// The permission watcher over a fake session: this host removed from its group, or the group
// (or the whole config) gone, stops the job with the normal grace; a bad change does not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermissionWatcher } from '../../../src/switchman/run/permission-watcher.js';
import type { StopRequest } from '../../../src/switchman/run/ports.js';
import { FakeClock } from '../fake-clock.js';
import { FakeSession, settle } from './fake-session.js';

const PREFIX = '/switchman';
const doc = (groups: Record<string, string | string[]>): string => JSON.stringify({ groups });

async function setup(initial = doc({ web: ['box1', 'box2'], db: 'box3' })) {
  const session = new FakeSession(new FakeClock());
  session.set(PREFIX, initial);
  const stops: StopRequest[] = [];
  const lines: string[] = [];
  const log = {
    debug: (m: string, f?: object) => void lines.push(`DEBUG ${m} ${JSON.stringify(f)}`),
    info: (m: string, f?: object) => void lines.push(`INFO ${m} ${JSON.stringify(f)}`),
    warning: (m: string, f?: object) => void lines.push(`WARNING ${m} ${JSON.stringify(f)}`),
    error: (m: string, f?: object) => void lines.push(`ERROR ${m} ${JSON.stringify(f)}`),
  };
  const watcher = new PermissionWatcher({
    session,
    prefix: PREFIX,
    group: 'web',
    host: 'box1',
    log,
    fields: () => ({ host: 'box1', group: 'web' }),
    graceMs: 10_000,
    onStop: (request) => void stops.push(request),
  });
  const first = await watcher.read(true);
  return { session, watcher, stops, lines, first };
}

test('allowed at the start; a change that keeps this host in the group changes nothing', async () => {
  const s = await setup();
  assert.equal(s.first, 'allowed');
  s.session.set(PREFIX, doc({ web: ['box1'], db: 'box3' }));
  await settle();
  assert.equal(s.stops.length, 0);
  assert.match(s.lines.at(-1) ?? '', /^DEBUG config changed .*"permission":"allowed"/);
});

test('this host removed from the group: stop with the termination grace', async () => {
  const s = await setup();
  s.session.set(PREFIX, doc({ web: ['box2'], db: 'box3' }));
  await settle();
  assert.deepEqual(s.stops, [{ reason: { kind: 'lost-permission', detail: 'this host was removed from the group' }, graceMs: 10_000 }]);
});

test('the group deleted from the document: stop, the group is no longer defined', async () => {
  const s = await setup();
  s.session.set(PREFIX, doc({ db: 'box3' }));
  await settle();
  assert.deepEqual(s.stops, [{ reason: { kind: 'lost-permission', detail: 'the group is no longer defined' }, graceMs: 10_000 }]);
});

test('the config node deleted: stop, and watch for its return', async () => {
  const s = await setup();
  s.session.delete(PREFIX);
  await settle();
  assert.deepEqual(s.stops.map((r) => r.reason), [{ kind: 'lost-permission', detail: 'the group is no longer defined' }]);
  assert.equal(s.session.watchCount(PREFIX), 1);
});

test('an invalid change is logged and ignored: the job keeps running', async () => {
  const s = await setup();
  s.session.set(PREFIX, '{not json');
  await settle();
  assert.equal(s.stops.length, 0);
  assert.ok(s.lines.some((l) => l.startsWith('WARNING ignoring invalid config change in ZooKeeper')));
});

test('a change missed while cut off is found by the recheck after the reconnect', async () => {
  const s = await setup();
  s.session.setQuietly(PREFIX, doc({ web: ['box2'] }), '0000000000000000');
  await s.watcher.recheck();
  assert.equal(s.stops.length, 1);
});

test('not in the group, or no config at all, at the start: the answer says so (the run decides)', async () => {
  assert.equal((await setup(doc({ web: 'box2' }))).first, 'not-in-group');
  assert.equal((await setup(doc({ db: 'box3' }))).first, 'unknown-group');
  const session = new FakeSession(new FakeClock());
  const lines: string[] = [];
  const noop = (): void => undefined;
  const watcher = new PermissionWatcher({
    session,
    prefix: PREFIX,
    group: 'web',
    host: 'box1',
    log: { debug: noop, info: noop, warning: noop, error: (m) => void lines.push(m) },
    fields: () => ({}),
    graceMs: 1,
    onStop: noop,
  });
  assert.equal(await watcher.read(true), 'error');
  assert.deepEqual(lines, ['no switchman config in ZooKeeper']);
});

test('closed: changes are ignored', async () => {
  const s = await setup();
  s.watcher.close();
  s.session.set(PREFIX, doc({ db: 'box3' }));
  await settle();
  assert.equal(s.stops.length, 0);
});
