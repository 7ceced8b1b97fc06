// End to end: a job that ends with 0 when it gets SIGTERM (`trap "exit 0" TERM`) and is stopped
// by fencing must still make switchman exit 75: the cause is recorded when the stop is decided
// (by switchman's lease timers, or by the fence, which reports back), not guessed from the
// job's exit. Before, 6 of 10 such runs exited 0 with reason=exited.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ZkServer, zkTestOptions } from '../support/zookeeper.js';
import { SharedZk, ZkAdmin, ensureBundle, isAlive, makeSetup, readLog, readPidFile, runSwitchman, waitFor, whileFrozen } from './harness.js';

const servers: ZkServer[] = [];
const zk = new SharedZk();
before(() => void ensureBundle());
after(async () => {
  for (const server of servers) await server.dispose();
  await zk.dispose();
});

/** Exits 0 on SIGTERM, as many scripts do. */
function politeJob(dir: string): string[] {
  return ['/bin/sh', '-c', 'trap "exit 0" TERM; echo $$ > "$0/job.pid"; while :; do sleep 0.05; done', dir];
}

test('ZooKeeper gone: every fenced job that exits 0 on SIGTERM is reported as 75', zkTestOptions(), async () => {
  const server = await ZkServer.start();
  servers.push(server);
  const admin = await ZkAdmin.connect(server.connectString);
  const setup = makeSetup(server.connectString, { session_timeout: 4, termination_timeout: 30 });
  await admin.setGroups(setup.prefix, { g: setup.host });
  admin.close();
  const runs = Array.from({ length: 6 }, (_, i) => {
    const dir = join(setup.dir, `job${i}`);
    mkdirSync(dir);
    return { dir, run: runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', `polite${i}`, '--', ...politeJob(dir)], { host: setup.host }) };
  });
  for (const { dir } of runs) await waitFor(() => readPidFile(join(dir, 'job.pid')), 10_000, 'the job to start');
  await server.stop();
  const codes = await Promise.all(runs.map(async ({ run }) => (await run.exited).code));
  assert.deepEqual(codes, codes.map(() => 75), readLog(setup));
  assert.doesNotMatch(readLog(setup), /FINISH .*reason=exited/);
});

test('switchman frozen: the fence stops a job that exits 0 on SIGTERM, and switchman reports 75', zkTestOptions(), async () => {
  const server = await zk.get();
  const admin = await zk.admin();
  const setup = makeSetup(server.connectString, { session_timeout: 4, termination_timeout: 30 });
  await admin.setGroups(setup.prefix, { g: setup.host });
  const run = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', 'frozen', '--', ...politeJob(setup.dir)], { host: setup.host });
  const jobPid = await waitFor(() => readPidFile(join(setup.dir, 'job.pid')), 10_000, 'the job to start');
  // A zombie is stopped: switchman, frozen, cannot reap it yet.
  await whileFrozen(run, () => waitFor(() => !isAlive(jobPid), 8000, 'the fence to stop the job'));
  assert.equal((await run.exited).code, 75, readLog(setup));
  assert.match(readLog(setup), /FINISH .*lock=frozen .*exit=75 status=code:0 reason=zk-lost/);
});
