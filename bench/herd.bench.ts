// The :00 herd on one box: N switchman runs started at the same instant against a local
// ZooKeeper configured as Debian ships it (tickTime 2000, maxClientCnxns 60), a third of them
// allowed to run (each its own lock), a third on a host outside their group, a third contending
// for a few locks. Prints, per N: the time from the start to each run's decision (its job
// started, or it exited), p50 and p99; runs that failed (an exit code not 0); runs that printed
// anything (cron would mail it); healthy jobs stopped by fencing; overlaps on a lock; and the
// ZooKeeper requests per kind of run, counted through a proxy in one quiet run of each kind.
//   node --import tsx bench/herd.bench.ts [N ...]        (default: 50 100 200 400)
//   HERD_JOB_SECONDS=S   how long each allowed job runs (default 2)
//   HERD_LAUNCHER=0      node on the bundle, as npm's bin runs it (no launcher, no start slots)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ZkServer, zookeeperMissingReason } from '../test/support/zookeeper.js';
import { NODE, ZkAdmin, ensureBundle, makeSetup, shebangFlags, testEnv } from '../test/switchman/harness.js';
import type { TestSetup } from '../test/switchman/harness.js';
import { compileLauncher } from '../test/switchman/launcher.js';
import { hasCommand } from '../test/support/require-tool.js';
import { countOverlaps, parseIntervals } from '../test/switchman/timeline.js';
import { CountingProxy } from './zk-count-proxy.js';

const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const JOB_SECONDS = Number(process.env['HERD_JOB_SECONDS'] ?? 2);
const BUSY_LOCKS = 5;

type Kind = 'allowed' | 'not-allowed' | 'busy';
interface Outcome {
  kind: Kind;
  lock: string;
  code: number | null;
  /** ms from the herd's start to the decision: the job's start, or switchman's exit. */
  decisionMs: number;
  output: string;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** How switchman is started on Debian: the C launcher (with its start slots) when cc is there, else node on the bundle. */
function command(bundle: string): { file: string; prefix: string[] } {
  if (process.env['HERD_LAUNCHER'] !== '0' && hasCommand('cc')) return { file: compileLauncher(NODE, bundle, join(tmpdir(), `cronpack-herd-slots-${process.pid}`)), prefix: [] };
  return { file: NODE, prefix: [...shebangFlags(bundle), bundle] };
}

function kindOf(i: number): Kind {
  return (['allowed', 'not-allowed', 'busy'] as const)[i % 3]!;
}

async function herd(setup: TestSetup, n: number, run: { file: string; prefix: string[] }, round: number): Promise<Outcome[]> {
  const timeline = join(setup.dir, `timeline-${round}`);
  writeFileSync(timeline, '');
  const env = testEnv({ SWITCHMAN_HOSTNAME: setup.host });
  const start = performance.now();
  const startedAt = Date.now();
  const outcomes = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const kind = kindOf(i);
      const lock = kind === 'busy' ? `busy-${round}-${i % BUSY_LOCKS}` : `job-${round}-${i}`;
      const group = kind === 'not-allowed' ? 'elsewhere' : 'here';
      // A job stopped by SIGTERM (fenced) still writes its end: `wait` returns at the signal.
      const end = `echo "E $$ $(date +%s%N)" >> "${timeline}"`;
      const job = `trap '${end.replaceAll("'", "'\\''")}; exit 143' TERM; echo "S $$ $(date +%s%N) ${lock}" >> "${timeline}"; sleep ${JOB_SECONDS} & wait $!; ${end}`;
      return new Promise<Outcome>((resolve) => {
        const child = spawn(run.file, [...run.prefix, '-c', setup.configPath, '-g', group, '--lockname', lock, '--', '/bin/sh', '-c', job], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (c: Buffer) => (output += c.toString()));
        child.stderr.on('data', (c: Buffer) => (output += c.toString()));
        child.on('close', (code) => resolve({ kind, lock, code, decisionMs: performance.now() - start, output }));
      });
    }),
  );
  // A run that started its job decided when the job started (from the timeline), not when it exited.
  const lines = readFileSync(timeline, 'utf8').split('\n');
  const jobStart = new Map<string, number>();
  for (const line of lines) {
    const [kind, , ns, lock] = line.split(' ');
    if (kind === 'S' && lock !== undefined && ns !== undefined) jobStart.set(lock, Number(BigInt(ns) / 1_000_000n) - startedAt);
  }
  for (const o of outcomes) {
    const started = jobStart.get(o.lock);
    if (started !== undefined && (o.kind === 'allowed' || o.code === 0)) o.decisionMs = Math.min(o.decisionMs, started);
  }
  return outcomes;
}

/**
 * Jobs of one lock that ran at once, in a round's timeline ("S pid ns lock" ... "E pid ns"); and
 * how many jobs never wrote their end (killed without a SIGTERM first): left out of the overlaps,
 * and counted. A SIGTERM can also come before the start line or after the end line: only a
 * job's first start and first end count.
 */
function overlapsIn(setup: TestSetup, round: number): { overlaps: number; unended: number } {
  const jobs = new Map<string, { start?: string; end?: string; lock?: string }>();
  for (const line of readFileSync(join(setup.dir, `timeline-${round}`), 'utf8').split('\n')) {
    const [kind, pid, ns, lock] = line.split(' ');
    if (pid === undefined || ns === undefined) continue;
    const job = jobs.get(pid) ?? {};
    jobs.set(pid, job);
    if (kind === 'S' && job.start === undefined) Object.assign(job, { start: ns, lock });
    if (kind === 'E' && job.start !== undefined && job.end === undefined) job.end = ns;
  }
  const byLock = new Map<string, string[]>();
  let unended = 0;
  for (const [pid, job] of jobs) {
    if (job.start === undefined || job.lock === undefined) continue;
    if (job.end === undefined) {
      unended += 1;
      continue;
    }
    byLock.set(job.lock, [...(byLock.get(job.lock) ?? []), `S ${pid} ${job.start}`, `E ${pid} ${job.end}`]);
  }
  let overlaps = 0;
  for (const lines of byLock.values()) overlaps += countOverlaps(parseIntervals(lines.join('\n')));
  return { overlaps, unended };
}

/** ZooKeeper requests of one run of each kind, alone, through a counting proxy. */
/** Requests that change ZooKeeper's state: each is a write through the quorum's log. */
const WRITES = new Set(['connect', 'create', 'create2', 'createContainer', 'createTTL', 'delete', 'setData', 'multi', 'createSession', 'closeSession']);

async function requestsPerRun(server: ZkServer, run: { file: string; prefix: string[] }): Promise<Record<Kind, { writes: number; reads: number }>> {
  const proxy = await CountingProxy.start({ host: '127.0.0.1', port: server.port });
  try {
    const setup = makeSetup(proxy.connectString, { loglevel: 'info', session_timeout: 10 });
    const admin = await ZkAdmin.connect(server.connectString);
    await admin.setGroups(setup.prefix, { here: setup.host, elsewhere: 'another-box' });
    await admin.createEphemeral(`${setup.prefix}/locks/held`, 'another-box 1');
    const counts = {} as Record<Kind, { writes: number; reads: number }>;
    for (const [kind, group, lock] of [['allowed', 'here', 'free'], ['not-allowed', 'elsewhere', 'free'], ['busy', 'here', 'held']] as const) {
      proxy.reset();
      await new Promise<void>((resolve) => {
        const child = spawn(run.file, [...run.prefix, '-c', setup.configPath, '-g', group, '--lockname', lock, '--', '/bin/true'], { env: testEnv({ SWITCHMAN_HOSTNAME: setup.host }), stdio: 'ignore' });
        child.on('close', () => resolve());
      });
      await proxy.idle();
      const requests = proxy.requests.filter((r) => r.op !== 'ping');
      const writes = requests.filter((r) => WRITES.has(r.op)).length;
      counts[kind] = { writes, reads: requests.length - writes };
    }
    admin.close();
    return counts;
  } finally {
    await proxy.close();
  }
}

async function main(): Promise<number> {
  const missing = zookeeperMissingReason();
  if (missing !== undefined) {
    console.error(`herd bench: ${missing}`);
    return 1;
  }
  const bundle = ensureBundle();
  const run = command(bundle);
  // As Debian's zoo.cfg has it: tickTime 2000 and maxClientCnxns left at ZooKeeper's default.
  const server = await ZkServer.start({ tickTimeMs: 2000, minSessionTimeoutMs: 4000, maxSessionTimeoutMs: 40000, maxClientCnxns: 60 });
  try {
    const sizes = SIZES.length > 0 ? SIZES : [50, 100, 200, 400];
    console.log(`herd bench: ${run.file === NODE ? 'node on the bundle' : 'the C launcher'}; ZooKeeper tickTime 2000, maxClientCnxns 60; jobs run ${JOB_SECONDS} s; session_timeout 10 s`);
    const requests = await requestsPerRun(server, run);
    const shown = (k: Kind): string => `${requests[k].writes} writes + ${requests[k].reads} reads`;
    console.log(`ZooKeeper requests per run, pings aside: allowed ${shown('allowed')}; not in the group ${shown('not-allowed')}; lock busy ${shown('busy')}`);
    console.log(`\n${'N'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'failed'.padStart(7)} ${'printed'.padStart(8)} ${'fenced'.padStart(7)} ${'overlaps'.padStart(9)}   ran / busy / not allowed`);
    let round = 0;
    let bad = 0;
    for (const n of sizes) {
      round += 1;
      // switchman's defaults, not the tests' shorter ones.
      const setup = makeSetup(server.connectString, { loglevel: 'info', session_timeout: 10, connect_timeout: 10, termination_timeout: 10 });
      const admin = await ZkAdmin.connect(server.connectString);
      await admin.setGroups(setup.prefix, { here: setup.host, elsewhere: 'another-box' });
      admin.close();
      const outcomes = await herd(setup, n, run, round);
      const decisions = outcomes.map((o) => o.decisionMs).sort((a, b) => a - b);
      const failed = outcomes.filter((o) => o.code !== 0);
      const printed = outcomes.filter((o) => o.output.trim() !== '');
      const log = existsSync(setup.logPath) ? readFileSync(setup.logPath, 'utf8') : '';
      const fenced = (log.match(/FINISH .*reason=zk-lost/g) ?? []).length;
      const ran = (log.match(/ START /g) ?? []).length;
      const busy = (log.match(/lock is busy, not running/g) ?? []).length;
      const { overlaps, unended } = overlapsIn(setup, round);
      console.log(
        `${String(n).padStart(5)} ${decisions.length ? quantile(decisions, 0.5).toFixed(0).padStart(8) : '-'} ${quantile(decisions, 0.99).toFixed(0).padStart(8)} ${String(failed.length).padStart(7)} ${String(printed.length).padStart(8)} ${String(fenced).padStart(7)} ${String(overlaps).padStart(9)}   ${ran} / ${busy} / ${n - ran - busy}`,
      );
      for (const o of [...failed, ...printed].slice(0, 3)) console.log(`        e.g. ${o.kind} ${o.lock} exit ${o.code}: ${o.output.trim().split('\n')[0]?.slice(0, 200) ?? ''}`);
      if (unended > 0) console.log(`        ${unended} job(s) killed without writing their end (left out of the overlaps)`);
      if (failed.length + printed.length + fenced + overlaps + unended > 0) {
        bad += 1;
        // The setup's folder goes with the process: keep the round's log and timeline to read why.
        const kept = join(tmpdir(), `cronpack-herd-${process.pid}-${n}`);
        writeFileSync(`${kept}.log`, log);
        writeFileSync(`${kept}.timeline`, readFileSync(join(setup.dir, `timeline-${round}`)));
        console.log(`        kept: ${kept}.log and .timeline`);
      }
    }
    return bad === 0 ? 0 : 2;
  } finally {
    await server.dispose();
  }
}

process.exitCode = await main();
