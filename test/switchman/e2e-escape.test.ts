// End to end (needs runner.ts wired to the job tree, see the report): a job whose processes
// leave its process group never outlives switchman's run, and the orphans of a dead runner AND
// fence are killed by the next run's sweep.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { zkTestOptions } from '../support/zookeeper.js';
import { SharedZk, ensureBundle, fencesOf, isAlive, makeSetup, readLog, runSwitchman, waitFor, whileFrozen } from './harness.js';
import { ESCAPES, endsByItself, killMarked, makeTestCgroups, manyEscapes, markedPids, newMarker, removeTestCgroups, sleep } from './tree-support.js';

const zk = new SharedZk();
const opts = zkTestOptions();
const cgroups = makeTestCgroups();
const markers: string[] = [];
before(() => void ensureBundle());
after(async () => {
  await zk.dispose();
  await sleep(300);
  for (const m of markers) killMarked(m);
  await removeTestCgroups(cgroups);
});

/** The fence: switchman's child running --internal-fence. */
for (const mode of ['cgroup', 'off'] as const) {
  describe(`run cgroups: ${mode}`, () => {
    const shapes = ESCAPES.filter((s) => mode === 'cgroup' || !s.dropsEnv);
    const cgroupParent = (): string => (mode === 'cgroup' ? (cgroups.parent as string) : 'off');

    async function start(lock: string): Promise<{ run: ReturnType<typeof runSwitchman>; marker: string; setup: ReturnType<typeof makeSetup> }> {
      const server = await zk.get();
      const setup = makeSetup(server.connectString, { termination_timeout: 1, cgroup_parent: cgroupParent() });
      await (await zk.admin()).setGroups(setup.prefix, { g: setup.host });
      const marker = newMarker();
      markers.push(marker);
      mkdirSync(join(setup.dir, 'job'));
      const run = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', lock, '--', '/bin/sh', '-c', manyEscapes(shapes), 'sh', join(setup.dir, 'job'), marker], { host: setup.host });
      await waitFor(() => existsSync(join(setup.dir, 'job', 'all-ready')), 15_000, 'the escapes');
      assert.ok(markedPids(marker).length >= shapes.length + 1);
      return { run, marker, setup };
    }

    test('kill -9 of switchman: the fence stops every escape within 2.5 s', opts, async () => {
      const { run, marker } = await start('k9');
      process.kill(run.pid, 'SIGKILL');
      await waitFor(() => markedPids(marker).length === 0, 2500, 'the fence to stop the tree');
    });

    test('SIGTERM of switchman: every escape is stopped, exit 143', opts, async () => {
      const { run, marker } = await start('term');
      process.kill(run.pid, 'SIGTERM');
      assert.equal((await run.exited).code, 143);
      assert.deepEqual(markedPids(marker), []);
    });

    test('the job ends by itself: escapes stopped before FINISH', opts, async () => {
      const server = await zk.get();
      const setup = makeSetup(server.connectString, { termination_timeout: 1, cgroup_parent: cgroupParent() });
      await (await zk.admin()).setGroups(setup.prefix, { g: setup.host });
      const marker = newMarker();
      markers.push(marker);
      const shape = ESCAPES[0];
      assert.ok(shape);
      mkdirSync(join(setup.dir, 'job'));
      const run = runSwitchman(['-c', setup.configPath, '-g', 'g', '--', '/bin/sh', '-c', endsByItself(shape), 'sh', join(setup.dir, 'job'), marker], { host: setup.host });
      assert.equal((await run.exited).code, 3);
      assert.deepEqual(markedPids(marker), []);
      assert.match(readLog(setup), /the job left processes behind/);
    });

    test('switchman and its fence killed together: the next run sweeps the orphans', opts, async () => {
      const { run, marker, setup } = await start('pkill');
      const fences = fencesOf(run.pid);
      assert.equal(fences.length, 1);
      for (const pid of [run.pid, ...fences]) process.kill(pid, 'SIGKILL');
      // Once both are gone, nothing of switchman's is left to stop the tree: it must still be there.
      // (Not run.exited: the orphaned tree still holds switchman's output pipes open.)
      await waitFor(() => [run.pid, ...fences].every((pid) => !isAlive(pid)), 5000, 'switchman and its fence to be gone');
      assert.ok(markedPids(marker).length > 0, 'nobody stopped them');
      const next = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', 'other', '--', 'true'], { host: setup.host });
      assert.equal((await next.exited).code, 0);
      await waitFor(() => markedPids(marker).length === 0, 2000, 'the sweep');
      assert.match(readLog(setup), /killed the job trees of dead runners/);
    });

    test('switchman stopped (SIGSTOP): the fence stops the job at the lease, and switchman reports exit 75', opts, async () => {
      const { run, marker, setup } = await start('stopped');
      // switchman's own command line carries the marker too.
      await whileFrozen(run, () => waitFor(() => markedPids(marker).filter((p) => p !== run.pid).length === 0, 6000, 'the fence to stop the tree at the lease'));
      assert.equal((await run.exited).code, 75);
      assert.match(readLog(setup), /FINISH .*exit=75/);
    });
  });
}
