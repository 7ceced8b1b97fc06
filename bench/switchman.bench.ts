// switchman's overhead per run: connect, check the group, lock, run `true` under the fence,
// release, exit; against running `true` directly. Starts its own ZooKeeper (Debian's package).
//   node --import tsx bench/switchman.bench.ts [RUNS]
// SWITCHMAN_TEST_NODE=/path/to/node runs the bundle with another node (e.g. Debian's 18).
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { ZkServer, zookeeperMissingReason } from '../test/support/zookeeper.js';
import { NODE, ZkAdmin, ensureBundle, makeSetup, testEnv } from '../test/switchman/harness.js';

const RUNS = Number(process.argv[2] ?? process.env['SWITCHMAN_BENCH_RUNS'] ?? 60);
const TARGET_OVERHEAD_MS = 100;

function timeRun(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${file} exited ${code}`))));
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function measure(label: string, file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ median: number; p90: number }> {
  for (let i = 0; i < 3; i += 1) await timeRun(file, args, env); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) times.push(await timeRun(file, args, env));
  times.sort((a, b) => a - b);
  const result = { median: quantile(times, 0.5), p90: quantile(times, 0.9) };
  console.log(`${label.padEnd(34)} median ${result.median.toFixed(1).padStart(6)} ms   p90 ${result.p90.toFixed(1).padStart(6)} ms`);
  return result;
}

async function main(): Promise<number> {
  const missing = zookeeperMissingReason();
  if (missing !== undefined) {
    console.error(`switchman bench: ${missing}`);
    return 1;
  }
  const bundle = ensureBundle();
  const server = await ZkServer.start();
  try {
    const setup = makeSetup(server.connectString, { loglevel: 'info' });
    const admin = await ZkAdmin.connect(server.connectString);
    await admin.setGroups(setup.prefix, { g: setup.host, elsewhere: 'another-box' });
    admin.close();
    const env = testEnv({ SWITCHMAN_HOSTNAME: setup.host });
    const nodeVersion = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
    console.log(`switchman bench: ${RUNS} runs each; bundle ${bundle} on ${NODE} ${nodeVersion}`);
    console.log('(NODE_EXTRA_CA_CERTS and NODE_OPTIONS removed from the environment, as under cron; ZooKeeper on 127.0.0.1 with forceSync=no)');
    const direct = await measure('true (directly)', '/bin/true', [], env);
    const nodeStart = await measure('node -e 0 (node start-up alone)', NODE, ['-e', '0'], env);
    const sm = await measure('switchman -g g -- true', NODE, [bundle, '-c', setup.configPath, '-g', 'g', '--', '/bin/true'], env);
    await measure('switchman, host not in the group', NODE, [bundle, '-c', setup.configPath, '-g', 'elsewhere', '--', '/bin/true'], env);
    const overheadMedian = sm.median - direct.median;
    const overheadP90 = sm.p90 - direct.p90;
    console.log(`overhead of switchman per run: median ${overheadMedian.toFixed(1)} ms, p90 ${overheadP90.toFixed(1)} ms (target < ${TARGET_OVERHEAD_MS} ms)`);
    console.log(`  for scale: starting node itself costs ${(nodeStart.median - direct.median).toFixed(1)} ms here; the rest is loading the bundle, the ZooKeeper session (connect, read the groups, lock, release) and spawning the fence and the job`);
    return overheadMedian < TARGET_OVERHEAD_MS ? 0 : 2;
  } finally {
    await server.dispose();
  }
}

process.exitCode = await main();
