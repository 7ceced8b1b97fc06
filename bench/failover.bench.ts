// What a server failover costs ZooKeeper per running job: a switchman run holding its lock has
// its connection dropped (as when the server it talks to dies) and reconnects at once. Counted
// through a proxy (bench/zk-count-proxy.ts), for ROUNDS runs one after the other: the
// connection requests (each a session's reconnect, or a fresh session of the second opinion)
// and the closeSession requests, within 1.5 s of the drop. A fresh session is two writes on the
// quorum; with every run of a fleet cut off at once, they add up.
//   node --import tsx bench/failover.bench.ts [ROUNDS]       (default 5)
import { CountingProxy } from './zk-count-proxy.js';
import { ZkServer, zookeeperMissingReason } from '../test/support/zookeeper.js';
import { ZkAdmin, ensureBundle, makeSetup, readLog, runSwitchman, waitFor } from '../test/switchman/harness.js';

const ROUNDS = Number(process.argv[2] ?? 5);

async function main(): Promise<number> {
  const missing = zookeeperMissingReason();
  if (missing !== undefined) {
    console.error(`failover bench: ${missing}`);
    return 1;
  }
  ensureBundle();
  const server = await ZkServer.start({ tickTimeMs: 2000, minSessionTimeoutMs: 4000 });
  const proxy = await CountingProxy.start({ host: '127.0.0.1', port: server.port });
  try {
    console.log('failover bench: a running job\'s connection dropped; requests through the proxy in the next 1.5 s');
    for (let round = 1; round <= ROUNDS; round++) {
      const setup = makeSetup(proxy.connectString, { session_timeout: 10 });
      const admin = await ZkAdmin.connect(server.connectString);
      await admin.setGroups(setup.prefix, { here: setup.host });
      admin.close();
      const run = runSwitchman(['-c', setup.configPath, '-g', 'here', '--lockname', `failover-${round}`, '--', 'sleep', '4'], { host: setup.host });
      await waitFor(() => readLog(setup).includes(' START '), 30_000, 'the job to start');
      await new Promise((resolve) => setTimeout(resolve, 500));
      proxy.reset();
      proxy.dropConnections();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const count = (op: string): number => proxy.requests.filter((r) => r.op === op).length;
      const counted = `connections ${count('connect')} (1 is the run's own reconnect), closeSession ${count('closeSession')}`;
      const result = await run.exited;
      console.log(`  round ${round}: ${counted}; the run exited ${result.code}`);
    }
    return 0;
  } finally {
    await proxy.close();
    await server.dispose();
  }
}

process.exitCode = await main();
