// End to end: everything that stops a running job stops its whole tree (a grandchild
// included), in time, with the documented exit code, and releases only what is ours.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { zkTestOptions } from '../support/zookeeper.js';
import { SharedZk, ensureBundle, fencesOf, isAlive, makeSetup, readLog, readPidFile, runSwitchman, treeJob, waitFor, waitForTree } from './harness.js';
import type { SwitchmanRun, TestSetup } from './harness.js';

const zk = new SharedZk();
const opts = zkTestOptions();
before(() => void ensureBundle());
after(() => zk.dispose());

async function startTree(extra: Record<string, unknown> = {}, lockname = 'tree', jobPrefix = ''): Promise<{ setup: TestSetup; run: SwitchmanRun; pids: number[]; lockPath: string }> {
  const server = await zk.get();
  const setup = makeSetup(server.connectString, extra);
  const admin = await zk.admin();
  await admin.setGroups(setup.prefix, { batch: ['box-other', setup.host] });
  const run = runSwitchman(['-c', setup.configPath, '-g', 'batch', '--lockname', lockname, '--', ...treeJob(setup.dir, jobPrefix)], { host: setup.host });
  const pids = await waitForTree(setup.dir);
  const lockPath = `${setup.prefix}/locks/${lockname}`;
  assert.ok(await admin.get(lockPath), 'the lock is held while the job runs');
  return { setup, run, pids, lockPath };
}

async function treeGoneWithin(pids: number[], ms: number, what: string): Promise<number> {
  const t0 = Date.now();
  await waitFor(() => pids.every((p) => !isAlive(p)), ms, `${what}: the job tree (${pids.join(', ')}) to be gone`);
  return Date.now() - t0;
}

test('config change removes the host: the whole tree is gone within 2 s, exit 75, lock released', opts, async () => {
  const { setup, run, pids, lockPath } = await startTree();
  const admin = await zk.admin();
  await admin.setGroups(setup.prefix, { batch: ['box-other'] });
  await treeGoneWithin(pids, 2000, 'host removed from the group');
  const { code } = await run.exited;
  assert.equal(code, 75);
  assert.equal(await admin.get(lockPath), null);
  assert.match(readLog(setup), /WARNING stopping the job .*reason=lost-permission detail="this host was removed from the group"/);
  assert.match(readLog(setup), /FINISH .*exit=75 status=signal:SIGTERM reason=lost-permission/);
  // The test config asks for 5 s of grace with a 4 s session: the stop says what it could give.
  assert.match(readLog(setup), /WARNING termination_timeout is longer than the ZooKeeper session allows; the job gets less .*termination_timeout_ms=5000 grace_ms=\d+ session_timeout_ms=4000/);
});

test('the group is deleted from the config: the job stops too', opts, async () => {
  const { setup, run, pids } = await startTree();
  await (await zk.admin()).setGroups(setup.prefix, { other: 'box-other' });
  await treeGoneWithin(pids, 2000, 'group deleted');
  assert.equal((await run.exited).code, 75);
});

test('a config change that keeps the host does not disturb the job', opts, async () => {
  const { setup, run, pids } = await startTree();
  const admin = await zk.admin();
  await admin.setGroups(setup.prefix, { batch: [setup.host, 'box-new'], extra: 'x' });
  await waitFor(() => /DEBUG config changed .*permission=allowed/.test(readLog(setup)), 2000, 'switchman to read the changed config');
  assert.ok(pids.every(isAlive), 'still running after a harmless change');
  // A later change (removing the host) must still be seen: the watch was set again.
  await admin.setGroups(setup.prefix, { batch: ['box-new'] });
  await treeGoneWithin(pids, 2000, 'host removed after a harmless change');
  assert.equal((await run.exited).code, 75);
});

test('the lock node deleted by hand: the job stops (exit 75) and the lock is freed', opts, async () => {
  const { setup, run, pids, lockPath } = await startTree();
  const admin = await zk.admin();
  await admin.remove(lockPath);
  await treeGoneWithin(pids, 2000, 'lock deleted');
  assert.equal((await run.exited).code, 75);
  assert.equal(await admin.get(lockPath), null);
  assert.match(readLog(setup), /reason=lost-lock detail="the lock node was deleted"/);
});

test('the lock taken over by another session: the tree is killed at once, and the other lock is left alone', opts, async () => {
  const { setup, run, pids, lockPath } = await startTree({ termination_timeout: 30 }, 'tree', "trap '' TERM");
  const admin = await zk.admin();
  // Delete and re-create in one multi-op, so switchman cannot take the node back in between.
  await new Promise<void>((resolve, reject) =>
    admin.client
      .transaction()
      .remove(lockPath, -1)
      .create(lockPath, Buffer.from('intruder.example 1'), 1 /* EPHEMERAL */)
      .commit((error) => (error ? reject(error) : resolve())),
  );
  // The main shell ignores SIGTERM and termination_timeout is 30 s: only an immediate SIGKILL is this fast.
  await treeGoneWithin(pids, 2000, 'lock taken over');
  assert.equal((await run.exited).code, 75);
  const node = await admin.get(lockPath);
  assert.equal(node?.data, 'intruder.example 1', "the other runner's lock node survives");
  assert.equal(node?.stat.ephemeralOwner.toString('hex'), admin.sessionId);
  assert.match(readLog(setup), /reason=lost-lock detail="the lock node was deleted and taken by intruder.example 1"|detail="the lock node belongs to another session"/);
  await admin.remove(lockPath);
});

for (const [signal, code, reason] of [
  ['SIGUSR1', 138, 'drain'],
  ['SIGTERM', 143, 'signal:SIGTERM'],
  ['SIGINT', 130, 'signal:SIGINT'],
] as const) {
  test(`${signal} to switchman: tree stopped, lock node gone at once, exit ${code}`, opts, async () => {
    const { setup, run, pids, lockPath } = await startTree();
    const admin = await zk.admin();
    const t0 = Date.now();
    process.kill(run.pid, signal);
    await treeGoneWithin(pids, 2000, signal);
    assert.equal((await run.exited).code, code);
    // The session timeout is 4 s: the lock must not be waiting for it.
    assert.equal(await admin.get(lockPath), null, 'lock released as soon as switchman exits');
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    assert.match(readLog(setup), new RegExp(`FINISH .*exit=${code} status=signal:SIGTERM reason=${reason}`));
  });
}

test('kill -9 of switchman: the job tree is gone within 2 s', opts, async () => {
  const { run, pids } = await startTree({ termination_timeout: 30 }, 'tree', "trap '' TERM");
  process.kill(run.pid, 'SIGKILL');
  const ms = await treeGoneWithin(pids, 2000, 'switchman killed');
  assert.equal((await run.exited).signal, 'SIGKILL');
  assert.ok(ms <= 2000);
});

test('the fence killed while the job runs is replaced: a kill -9 of switchman after that still stops the tree', opts, async () => {
  const { setup, run, pids } = await startTree({ termination_timeout: 30 }, 'refenced', "trap '' TERM");
  const liveFences = (): number[] => fencesOf(run.pid).filter(isAlive);
  const [fence] = await waitFor(() => (liveFences().length === 1 ? liveFences() : undefined), 5000, 'the fence');
  process.kill(fence!, 'SIGKILL');
  await waitFor(() => /INFO a new fence guards the job/.test(readLog(setup)), 10_000, 'a new fence to guard the job');
  assert.match(readLog(setup), /WARNING the fence is gone; starting a new one/);
  const [next] = liveFences();
  assert.ok(next !== undefined && next !== fence, 'another fence process');
  assert.ok(pids.every(isAlive), 'the job ran on meanwhile');
  process.kill(run.pid, 'SIGKILL');
  await treeGoneWithin(pids, 2000, 'switchman killed after its first fence');
});

test('a command that ignores SIGTERM is killed after termination_timeout, not before', opts, async () => {
  const { setup, run, pids } = await startTree({ termination_timeout: 1 }, 'stubborn', "trap '' TERM");
  const t0 = Date.now();
  process.kill(run.pid, 'SIGTERM');
  const ms = await treeGoneWithin(pids, 4000, 'SIGKILL after termination_timeout');
  assert.ok(ms >= 900, `killed after ${ms} ms, before termination_timeout (1 s)`);
  assert.equal((await run.exited).code, 143);
  assert.ok(Date.now() - t0 < 4000);
  assert.match(readLog(setup), /FINISH .*exit=143 status=signal:SIGKILL reason=signal:SIGTERM/);
});

test('termination_timeout 0 kills at once; a second SIGTERM skips the grace period', opts, async () => {
  const first = await startTree({ termination_timeout: 0 }, 'now', "trap '' TERM");
  process.kill(first.run.pid, 'SIGTERM');
  await treeGoneWithin(first.pids, 1000, 'termination_timeout 0');
  assert.equal((await first.run.exited).code, 143);

  const second = await startTree({ termination_timeout: 60 }, 'twice', "trap '' TERM");
  process.kill(second.run.pid, 'SIGTERM');
  await waitFor(() => /stop requested .*count=1/.test(readLog(second.setup)), 2000, 'first SIGTERM logged');
  assert.ok(second.pids.every(isAlive), 'the tree ignores the first SIGTERM');
  process.kill(second.run.pid, 'SIGTERM');
  await treeGoneWithin(second.pids, 1500, 'second SIGTERM');
  assert.equal((await second.run.exited).code, 143);
});

test('processes the job leaves behind are stopped when it ends, before the lock is released', opts, async () => {
  const server = await zk.get();
  const setup = makeSetup(server.connectString);
  const admin = await zk.admin();
  await admin.setGroups(setup.prefix, { g: setup.host });
  const pidFile = join(setup.dir, 'bg.pid');
  const run = runSwitchman(['-c', setup.configPath, '-g', 'g', '--', '/bin/sh', '-c', `sleep 1000 & echo $! > "${pidFile}"; exit 0`], { host: setup.host });
  assert.equal((await run.exited).code, 0);
  const bg = readPidFile(pidFile);
  assert.ok(bg !== undefined);
  assert.equal(isAlive(bg), false, 'the background sleep was stopped');
  assert.match(readLog(setup), /WARNING the job left processes behind/);
});
