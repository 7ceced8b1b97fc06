// End to end: ZooKeeper goes silent (a frozen server, or a partition that drops packets without
// a reset). Nothing closes the connection, so only switchman's own clock can tell. Before, a run
// that was between its connect and its job waited for ever (a request nobody answered), and so
// did a run waiting for a lease: cron started another each minute, and none ended. Now a silent
// connection is dropped at 2/3 of the session timeout, no request waits longer than the session
// timeout, and a session that cannot reconnect within it is taken as expired: every run ends.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TestContext } from 'node:test';
import { ZkServer, zkTestOptions } from '../support/zookeeper.js';
import { ZkProxy } from '../support/zk-proxy.js';
import { ZkAdmin, configVia, ensureBundle, makeSetup, readLog, readPidFile, runSwitchman, waitFor } from './harness.js';
import type { SwitchmanRun, TestSetup } from './harness.js';

const SESSION_TIMEOUT_S = 4;
/** What a run may take once ZooKeeper is silent: the session timeout, then a margin for a loaded box. */
const BOUND_MS = SESSION_TIMEOUT_S * 1000 + 4000;

const servers: ZkServer[] = [];
before(() => void ensureBundle());
after(async () => {
  for (const server of servers) await server.dispose();
});

/** Cuts the network (or has it cut already), then waits for the run: its exit code and how long that took. */
async function endAfterCut(t: TestContext, run: SwitchmanRun, setup: TestSetup, cut: () => void): Promise<number> {
  const started = Date.now();
  cut();
  const { code } = await run.exited;
  const tookMs = Date.now() - started;
  t.diagnostic(`ended after ${tookMs} ms`);
  assert.equal(code, 75, `${run.stderr()}\n${readLog(setup)}`);
  return tookMs;
}

/** A fresh server, a proxy in front of it, and a setup whose switchman talks through the proxy. */
async function silentSetup(t: { after(fn: () => Promise<void>): void }, document: Record<string, unknown> = {}): Promise<{ setup: TestSetup; proxy: ZkProxy; server: ZkServer }> {
  const server = await ZkServer.start();
  servers.push(server);
  const proxy = await ZkProxy.start({ host: '127.0.0.1', port: server.port });
  t.after(() => proxy.close());
  const setup = makeSetup(proxy.connectString, { session_timeout: SESSION_TIMEOUT_S });
  const admin = await ZkAdmin.connect(server.connectString);
  await admin.setData(setup.prefix, JSON.stringify({ groups: { g: [setup.host] }, ...document }));
  admin.close();
  return { setup, proxy, server };
}

test('silent right after the handshake: the run ends with 75 within the session timeout, nothing run', zkTestOptions(), async (t) => {
  const { setup, proxy } = await silentSetup(t);
  proxy.armCutAfterAnswer();
  const marker = join(setup.dir, 'ran');
  const run = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', 'silent', '--', '/bin/sh', '-c', `touch ${marker}`], { host: setup.host });
  const tookMs = await endAfterCut(t, run, setup, () => undefined);
  assert.ok(tookMs < BOUND_MS, `took ${tookMs} ms`);
  assert.equal(existsSync(marker), false);
  assert.match(run.stderr(), /WARNING lost ZooKeeper; not running the job /);
});

test('silent while the job runs: the job is stopped and the run ends with 75 within the session timeout', zkTestOptions(), async (t) => {
  const { setup, proxy } = await silentSetup(t);
  const run = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', 'silent-job', '--', '/bin/sh', '-c', 'echo $$ > "$0/job.pid"; exec sleep 60', setup.dir], { host: setup.host });
  await waitFor(() => readPidFile(join(setup.dir, 'job.pid')), 10_000, 'the job to start');
  const tookMs = await endAfterCut(t, run, setup, () => proxy.cutNow());
  assert.ok(tookMs < BOUND_MS, `took ${tookMs} ms`);
  assert.match(readLog(setup), /FINISH .*lock=silent-job .*exit=75 .*reason=zk-lost/);
});

test('silent while waiting for a lease (no resources_wait_timeout): the run leaves the wait with 75', zkTestOptions(), async (t) => {
  const { setup, proxy, server } = await silentSetup(t, { resources: ['r'] });
  // The lease is held by another run, straight to ZooKeeper, past the proxy.
  const direct = configVia(setup.configPath, server.connectString);
  const holder = runSwitchman(['-c', direct, '-g', 'g', '--lockname', 'holder', '--lease', 'r=1:1', '--', '/bin/sh', '-c', 'echo $$ > "$0/holder.pid"; exec sleep 30', setup.dir], { host: setup.host });
  t.after(() => void holder.child.kill('SIGTERM'));
  await waitFor(() => readPidFile(join(setup.dir, 'holder.pid')), 10_000, 'the holder to start');
  const waiter = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', 'waiter', '--lease', 'r=1:1', '--', '/bin/true'], { host: setup.host });
  await waitFor(() => / queued .*lock=waiter /.test(readLog(setup)), 10_000, 'the waiter to queue');
  const tookMs = await endAfterCut(t, waiter, setup, () => proxy.cutNow());
  assert.ok(tookMs < BOUND_MS + SESSION_TIMEOUT_S * 1000, `took ${tookMs} ms`);
  assert.match(waiter.stderr(), /lost ZooKeeper while waiting for resources/);
});
