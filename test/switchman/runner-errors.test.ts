// The runner catches what ZooKeeper can do to it, and nothing else: a programming error reaches
// main, which reports it as an internal error (exit 70), instead of passing for a ZooKeeper error
// (exit 78, "check your servers") as it once did.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { parseArgs } from '../../src/switchman/cli.js';
import { loadConfig } from '../../src/switchman/config.js';
import { Logger } from '../../src/switchman/log.js';
import type { LogFields } from '../../src/switchman/log.js';
import { runJob } from '../../src/switchman/runner.js';
import { zkTestOptions } from '../support/zookeeper.js';
import { SharedZk, makeSetup, readLog } from './harness.js';

const zk = new SharedZk();
after(async () => zk.dispose());

/** A logger with a bug: it throws when the run logs its connection. */
class BuggyLogger extends Logger {
  override debug(message: string, fields?: LogFields): void {
    if (message === 'connected to ZooKeeper') throw new TypeError('a bug in the runner');
    super.debug(message, fields);
  }
}

test('a bug inside a run is not reported as a ZooKeeper error: it reaches main, after the run cleaned up', zkTestOptions(), async () => {
  const server = await zk.get();
  const admin = await zk.admin();
  const setup = makeSetup(server.connectString);
  await admin.setGroups(setup.prefix, { g: setup.host });
  const options = parseArgs(['-c', setup.configPath, '-g', 'g', '--lockname', 'buggy', '--', '/bin/true']);
  assert.equal(options.kind, 'run');
  const loaded = loadConfig(setup.configPath);
  assert.ok(loaded.config !== undefined);
  const logger = new BuggyLogger({ level: 'debug', file: setup.logPath });
  const run = runJob(options as Extract<typeof options, { kind: 'run' }>, loaded.config, {
    env: { ...process.env, SWITCHMAN_HOSTNAME: setup.host },
    cwd: process.cwd(),
    pid: process.pid,
    logger,
    fenceCommand: { file: '/bin/false', args: [] },
  });
  await assert.rejects(run, { name: 'TypeError', message: 'a bug in the runner' });
  assert.match(readLog(setup), /internal error, stopping/);
  assert.doesNotMatch(readLog(setup), /ZooKeeper error/);
  // Nothing was left in ZooKeeper: no lock was taken.
  assert.equal(await admin.get(`${setup.prefix}/locks/buggy`), null);
});
