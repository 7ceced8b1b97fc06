import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLockName, formatLockData, lockPath, parseLockData } from '../../src/switchman/lock.js';
import { formatLocksJson, formatLocksTable } from '../../src/switchman/status.js';

test('lock node path and data are those of App::Switchman', () => {
  assert.equal(lockPath('/switchman/p', 'report'), '/switchman/p/locks/report');
  assert.equal(formatLockData('box1.example.com', 4242), 'box1.example.com 4242');
  assert.deepEqual(parseLockData('box1.example.com 4242'), { host: 'box1.example.com', pid: 4242 });
  assert.deepEqual(parseLockData('odd'), { host: 'odd', pid: undefined });
  assert.deepEqual(parseLockData('box x'), { host: 'box x', pid: undefined });
});

test('lock names are one path segment', () => {
  assert.equal(checkLockName('report.pl'), undefined);
  for (const bad of ['', '.', '..', 'a/b', 'zookeeper', 'a\nb', 'tab\there', 'nul\u0000', 'del\u007f', 'nel\u0085', 'end\uffff', 'private\ue000', 'x'.repeat(513)]) {
    assert.ok(checkLockName(bad), JSON.stringify(bad));
  }
  assert.equal(checkLockName('x'.repeat(512)), undefined, "the original's limit, 512 characters, is allowed");
  assert.equal(checkLockName('bin.rotate-partitions.pl.shard0of2'), undefined);
  assert.equal(checkLockName('café_ünïcode'), undefined);
});

test('status: a table with host, pid, since and age; JSON for machines', () => {
  const since = new Date('2024-03-01T12:00:00.000Z');
  const entries = [
    { lock: 'report', host: 'box1.example.com', pid: 31337, since, session: '0100000d69c80001' },
    { lock: 'stale', host: 'box2', pid: undefined, since, session: '0000000000000000' },
  ];
  const table = formatLocksTable(entries, new Date('2024-03-01T12:04:12.000Z'));
  assert.equal(
    table,
    'LOCK    HOST              PID    SINCE                     AGE\n' +
      'report  box1.example.com  31337  2024-03-01T12:00:00.000Z  4m12s\n' +
      'stale   box2              -      2024-03-01T12:00:00.000Z  4m12s (not ephemeral)\n',
  );
  assert.equal(formatLocksTable([], since), 'no locks held\n');
  assert.deepEqual(JSON.parse(formatLocksJson(entries))[0], { lock: 'report', host: 'box1.example.com', pid: 31337, since: '2024-03-01T12:00:00.000Z', session: '0100000d69c80001' });
});
