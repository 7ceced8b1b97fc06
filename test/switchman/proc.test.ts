import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { hasProcFs, isGroupAlive, listGroupMembers, parseProcStat, readPeakRssKb } from '../../src/switchman/proc.js';

test('parses /proc/<pid>/stat, even with odd command names', () => {
  const text = '4242 (my (odd) cmd) S 17 4242 4242 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0';
  assert.deepEqual(parseProcStat(text), { pid: 4242, ppid: 17, pgid: 4242, state: 'S' });
  assert.equal(parseProcStat('garbage'), undefined);
});

test('lists the live members of a real process group', { skip: hasProcFs ? undefined : 'no /proc here' }, async () => {
  const child = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { detached: true, stdio: 'ignore' });
  const pgid = child.pid as number;
  try {
    const deadline = Date.now() + 5000;
    while (listGroupMembers(pgid).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(listGroupMembers(pgid).length, 3);
    assert.ok(isGroupAlive(pgid));
    assert.ok((readPeakRssKb(pgid) ?? 0) > 0);
  } finally {
    process.kill(-pgid, 'SIGKILL');
  }
  const deadline = Date.now() + 5000;
  while (isGroupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(isGroupAlive(pgid), false);
});
