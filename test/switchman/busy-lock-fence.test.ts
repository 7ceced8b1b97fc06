// Every box starts every job of the minute; all but one find its lock busy. Those runs must not
// start a fence: a fence is a second node process (about 40% of a run's CPU), and starting one
// for each lost lock would double the node processes of every box's :00 herd across the fleet.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseArgs } from '../../src/switchman/cli.js';
import { loadConfig } from '../../src/switchman/config.js';
import type { FenceCommand } from '../../src/switchman/fence-client.js';
import { FENCE_FLAG, FENCE_PROTOCOL } from '../../src/switchman/fence-protocol.js';
import { Logger } from '../../src/switchman/log.js';
import { runJob } from '../../src/switchman/runner.js';
import { zkTestOptions } from '../support/zookeeper.js';
import { SharedZk, ensureBundle, makeSetup, waitFor, type TestSetup, type ZkAdmin } from './harness.js';

const zk = new SharedZk();
after(async () => zk.dispose());

/** A fresh prefix whose group "g" holds this box. */
async function groupSetup(): Promise<{ setup: TestSetup; admin: ZkAdmin }> {
  const server = await zk.get();
  const admin = await zk.admin();
  const setup = makeSetup(server.connectString);
  await admin.setGroups(setup.prefix, { g: setup.host });
  return { setup, admin };
}

/** The bundle's real fence, behind a wrapper that notes each start in `marker`. */
function notingFence(marker: string): FenceCommand {
  return { file: '/bin/sh', args: ['-c', `echo started >> '${marker}'; exec "$0" "$@"`, process.execPath, ensureBundle(), FENCE_FLAG, String(FENCE_PROTOCOL)] };
}

/** Runs one job of group "g" in this process, with the given fence. */
async function run(setup: TestSetup, lockname: string, fenceCommand: FenceCommand, command = ['/bin/true']): Promise<number> {
  const options = parseArgs(['-c', setup.configPath, '-g', 'g', '--lockname', lockname, '--', ...command]);
  assert.equal(options.kind, 'run');
  const loaded = loadConfig(setup.configPath);
  assert.ok(loaded.config !== undefined);
  return runJob(options as Extract<typeof options, { kind: 'run' }>, loaded.config, {
    env: { ...process.env, SWITCHMAN_HOSTNAME: setup.host },
    cwd: process.cwd(),
    pid: process.pid,
    logger: new Logger({ level: 'debug', file: setup.logPath }),
    fenceCommand,
  });
}

test('a run that finds the lock busy starts no fence; a run that takes it does', zkTestOptions(), async () => {
  const { setup, admin } = await groupSetup();

  // The control: a run that takes its lock starts its fence, and the wrapper notes it.
  const taken = join(setup.dir, 'taken.fences');
  assert.equal(await run(setup, 'free', notingFence(taken)), 0);
  await waitFor(() => existsSync(taken), 10_000, 'the fence of the run that took its lock');
  assert.equal(readFileSync(taken, 'utf8'), 'started\n');

  // Another box holds the lock.
  await admin.createEphemeral(`${setup.prefix}/locks/held`, 'other.test.example 4242');
  const busy = join(setup.dir, 'busy.fences');
  assert.equal(await run(setup, 'held', notingFence(busy)), 0, 'a busy lock exits 0 (quietly)');
  assert.match(readFileSync(setup.logPath, 'utf8'), /lock is busy, not running/);
  // A fence spawned before the lock's answer would have noted itself by now: the control's took
  // well under this window. Nothing to wait on for a thing that must not happen.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(existsSync(busy), false, 'no fence was started for a run that did not take its lock');
});

test('a fence that does not come up (it dies at start, or speaks another protocol) keeps the job from starting: exit 70', zkTestOptions(), async () => {
  const { setup, admin } = await groupSetup();
  const ran = join(setup.dir, 'job-ran');
  const fences: FenceCommand[] = [
    // A fence that cannot start at all (a broken install): it exits at once.
    { file: '/bin/sh', args: ['-c', 'exit 1'] },
    // The fence of a newer switchman than the run that spawns it (upgraded in between), which speaks another protocol.
    { file: process.execPath, args: [ensureBundle(), FENCE_FLAG, '999'] },
  ];
  for (const fence of fences) {
    assert.equal(await run(setup, 'unfenced', fence, ['/bin/sh', '-c', `: > '${ran}'`]), 70, `${fence.file} ${fence.args.join(' ')}`);
    assert.equal(existsSync(ran), false, 'the job did not start without its fence');
    assert.match(readFileSync(setup.logPath, 'utf8'), /the fence did not come up/);
    // The lock went with the run.
    assert.equal(await admin.get(`${setup.prefix}/locks/unfenced`), null);
  }
});
