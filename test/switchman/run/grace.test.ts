// The stop's grace against the lease, and the reason of a job that ended without a watcher's stop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reasonAfterExit } from '../../../src/switchman/run/exit-reason.js';
import { leaseBoundGrace } from '../../../src/switchman/run/grace.js';

const lease = { lastContactMs: 1000, timeoutMs: 9000 };

test('the grace ends at the kill deadline (2/3 of the session timeout after the last answer)', () => {
  assert.deepEqual(leaseBoundGrace(2000, lease, 1000), { graceMs: 2000, overCap: false });
  assert.deepEqual(leaseBoundGrace(10_000, lease, 2000), { graceMs: 5000, overCap: true }, 'termination_timeout longer than the session allows');
  assert.deepEqual(leaseBoundGrace(2000, lease, 8000), { graceMs: 0, overCap: false }, 'past the deadline: at once');
  assert.deepEqual(leaseBoundGrace(10_000, undefined, 2000), { graceMs: 10_000, overCap: false }, 'no live session: as asked');
});

test('a job that ended by itself keeps its own end; one the fence stopped, or killed with the lease gone, lost it', () => {
  const exited = { code: 0, signal: null };
  const killed = { code: null, signal: 'SIGKILL' as const };
  assert.equal(reasonAfterExit(undefined, false, exited, lease, 2000), undefined);
  assert.deepEqual(reasonAfterExit(undefined, true, exited, lease, 2000), { kind: 'zk-lost', detail: 'the fence stopped the job: the lease ran out' });
  assert.equal(reasonAfterExit(undefined, false, killed, lease, 2000), undefined, 'killed under a valid lease: by someone else');
  assert.deepEqual(reasonAfterExit(undefined, false, killed, lease, 4000), { kind: 'zk-lost', detail: 'the lease ran out' });
  assert.equal(reasonAfterExit(undefined, false, killed, undefined, 9000), undefined, 'session expired: that is the reason already');
  const first = { kind: 'lost-lock', detail: 'x' } as const;
  assert.equal(reasonAfterExit(first, true, killed, lease, 9000), first, 'the first reason wins');
});
