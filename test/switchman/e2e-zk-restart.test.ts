// End to end: the ZooKeeper server stops mid-job. switchman must stop the job before the
// session could expire (fencing), even a job that ignores SIGTERM under a long
// termination_timeout; after ZooKeeper is back, another runner can take the lock.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ZkServer, zkTestOptions } from '../support/zookeeper.js';
import { ZkAdmin, ensureBundle, isAlive, makeSetup, readLog, runSwitchman, treeJob, waitFor, waitForTree } from './harness.js';

const SESSION_TIMEOUT_S = 4;
let server: ZkServer | undefined;
const opts = zkTestOptions();
before(() => void ensureBundle());
after(async () => server?.dispose());

test('ZooKeeper stopped mid-job: jobs stop before the session timeout ends; after a restart another runner takes the lock', opts, async (t) => {
  server = await ZkServer.start();
  const admin = await ZkAdmin.connect(server.connectString);
  const setup = makeSetup(server.connectString, { session_timeout: SESSION_TIMEOUT_S, termination_timeout: 30 });
  // The gentle job also holds a lease: it must go with the session, as the lock does.
  await admin.setData(setup.prefix, JSON.stringify({ groups: { g: setup.host }, resources: ['q'] }));
  admin.close();

  // Two jobs: one that stops on SIGTERM, one that ignores it (only the lease's SIGKILL stops it).
  const gentleDir = join(setup.dir, 'gentle');
  const stubbornDir = join(setup.dir, 'stubborn');
  mkdirSync(gentleDir);
  mkdirSync(stubbornDir);
  const gentle = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', 'gentle', '--lease', 'q=1:1', '--', ...treeJob(gentleDir)], { host: setup.host });
  const stubborn = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', 'stubborn', '--', ...treeJob(stubbornDir, "trap '' TERM")], { host: setup.host });
  const gentlePids = await waitForTree(gentleDir);
  const stubbornPids = await waitForTree(stubbornDir);

  const stoppedAt = Date.now();
  await server.stop();
  const goneAt = async (pids: number[]): Promise<number> => {
    await waitFor(() => pids.every((p) => !isAlive(p)), SESSION_TIMEOUT_S * 1000 + 2000, 'the job tree to stop');
    return Date.now() - stoppedAt;
  };
  const [gentleMs, stubbornMs] = await Promise.all([goneAt(gentlePids), goneAt(stubbornPids)]);
  // The server cannot expire a session sooner than the session timeout after it last heard from
  // the client, which was no later than the moment we stopped it.
  t.diagnostic(`after ZooKeeper stopped: SIGTERM-friendly tree gone in ${gentleMs} ms, SIGTERM-ignoring tree in ${stubbornMs} ms (session timeout ${SESSION_TIMEOUT_S * 1000} ms)`);
  assert.ok(gentleMs < SESSION_TIMEOUT_S * 1000, `the SIGTERM-friendly job took ${gentleMs} ms`);
  assert.ok(stubbornMs < SESSION_TIMEOUT_S * 1000, `the SIGTERM-ignoring job took ${stubbornMs} ms`);

  assert.equal((await gentle.exited).code, 75);
  assert.equal((await stubborn.exited).code, 75);
  const log = readLog(setup);
  assert.match(log, /FINISH .*lock=gentle .*exit=75 status=signal:SIGTERM reason=zk-lost .*leases="q=1:1"/);
  assert.match(log, /FINISH .*lock=stubborn .*exit=75 status=signal:SIGKILL reason=zk-lost/);

  // Back up: the old sessions' locks go (released on reconnect, or with the session); then a
  // new runner gets the lock.
  await server.restart();
  const restartedAt = Date.now();
  const runsAgain = async (lockname: string, extra: string[]): Promise<void> => {
    const marker = join(setup.dir, `${lockname}-ran-again`);
    await waitFor(
      async () => {
        const run = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', lockname, ...extra, '--', '/bin/sh', '-c', `echo > "${marker}"`], {
          host: setup.host,
        });
        const { code } = await run.exited;
        assert.equal(code, 0, run.stderr());
        return existsSync(marker);
      },
      SESSION_TIMEOUT_S * 1000 + 10_000 - (Date.now() - restartedAt),
      `a new runner of ${lockname} to take ${extra.length > 0 ? 'the lock and the lease' : 'the lock'} after the restart`,
    );
  };
  await runsAgain('stubborn', []);
  // Within the lock's deadline, the lease of the lost session is free again too.
  await runsAgain('gentle', ['--lease', 'q=1:1']);
});
