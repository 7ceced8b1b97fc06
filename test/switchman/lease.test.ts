import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leaseDeadlines, leaseRemaining, leaseState, probeIntervalMs } from '../../src/switchman/lease.js';

test('SIGTERM at a third, SIGKILL at two thirds of the session timeout after the last contact', () => {
  assert.deepEqual(leaseDeadlines(1000, 9000), { termAt: 4000, killAt: 7000 });
  assert.equal(leaseState(3999, 1000, 9000), 'valid');
  assert.equal(leaseState(4000, 1000, 9000), 'term');
  assert.equal(leaseState(6999, 1000, 9000), 'term');
  assert.equal(leaseState(7000, 1000, 9000), 'kill');
});

test('the job is dead before the session could expire, with a third of it to spare', () => {
  for (const timeout of [1000, 3000, 10_000, 40_000]) {
    const { killAt } = leaseDeadlines(0, timeout);
    assert.ok(timeout - killAt >= timeout / 3 - 1, `margin for ${timeout}`);
  }
});

test('a healthy session is probed well before the SIGTERM threshold', () => {
  for (const timeout of [1000, 10_000]) {
    assert.ok(probeIntervalMs(timeout) * 2 <= leaseDeadlines(0, timeout).termAt);
  }
});

test('remaining times never go negative', () => {
  assert.deepEqual(leaseRemaining(5000, { termAt: 4000, killAt: 7000 }), { termInMs: 0, killInMs: 2000 });
});
