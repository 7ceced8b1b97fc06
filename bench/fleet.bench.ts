// What fleet monitoring (issue 13) costs: the ZooKeeper requests it adds to every run and
// every minute, and how long `switchman check` and `metrics` take on a big fleet. Starts its
// own ZooKeeper (Debian's package) on a free port; counts requests with a proxy in front of it
// (bench/zk-count-proxy.ts); times the real bundle (dist/switchman.cjs) and, in this process,
// the phases of a check (readFleet, evaluateFleet, formatNagios, formatMetrics).
//   node --import tsx bench/fleet.bench.ts [HOSTS] [JOBS]      (defaults 1000 and 5000)
// The synthetic fleet is judged at --now = a day after it was written (with --stale 2 days, so
// every host is fresh): only then are the schedules judged at all (a job first published less
// than --grace ago is never overdue), and the run records are laid out so that most jobs ran
// on time, some failed, some missed a start, and 1 % are running (held locks).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import zookeeper from 'node-zookeeper-client';
import type { Client } from 'node-zookeeper-client';
import { ZkServer, zookeeperMissingReason } from '../test/support/zookeeper.js';
import { NODE, ZkAdmin, ensureBundle, makeSetup, shebangFlags, testEnv } from '../test/switchman/harness.js';
import type { JobsManifest, ManifestJob } from '../src/contract/jobs-manifest.js';
import { MANIFEST_SCHEMA_VERSION } from '../src/contract/jobs-manifest.js';
import { nextRuns, parseSchedule } from '../src/schedule/index.js';
import type { ScheduleModel } from '../src/schedule/index.js';
import { parseGroupsDocument } from '../src/switchman/groups.js';
import type { Groups } from '../src/switchman/groups.js';
import { lockPath } from '../src/switchman/lock.js';
import { SWITCHMAN_VERSION } from '../src/switchman/version.js';
import { ZkSession } from '../src/switchman/zk-session.js';
import { DEFAULT_THRESHOLDS, evaluateFleet } from '../src/switchman/fleet/evaluate.js';
import type { FleetReport, Thresholds } from '../src/switchman/fleet/evaluate.js';
import { makeHostBeat } from '../src/switchman/fleet/heartbeat.js';
import { controlPath, hostPath, hostsPath, manifestPath, runPath, runsPath } from '../src/switchman/fleet/layout.js';
import { formatNagios } from '../src/switchman/fleet/nagios.js';
import { formatMetrics } from '../src/switchman/fleet/prometheus.js';
import { readFleet } from '../src/switchman/fleet/read-fleet.js';
import { mergeRun } from '../src/switchman/fleet/records.js';
import type { Control, HostBeat, JobRuns, RunRecord, RunResult } from '../src/switchman/fleet/records.js';
import type { FleetSnapshot, LocalView } from '../src/switchman/fleet/snapshot.js';
import { CountingProxy } from './zk-count-proxy.js';
import type { ZkRequest } from './zk-count-proxy.js';

const HOSTS = Number(process.argv[2] ?? 1000);
const JOBS = Number(process.argv[3] ?? 5000);
const SMALL = { hosts: 10, jobs: 50 };
/** Timed repetitions after one warm-up (fewer when one takes longer than SLOW_MS). */
const REPEAT = 5;
const SLOW_MS = 20_000;
/** ZooKeeper's default jute.maxbuffer: the largest node (and request) it accepts. */
const JUTE_MAXBUFFER = 0xfffff;
/** Creates in flight while filling. */
const FILL_WINDOW = 1000;
/** `--stale` of the timed checks: the hosts beat a day before the judged instant. */
const STALE_S = 2 * 86_400;
const MINUTE = 60_000;
const DAY = 86_400_000;

// --- small helpers ----------------------------------------------------------------------

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const ms = (n: number): string => `${n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0)} ms`;
const kb = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`);
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const pad = (n: number, digits: number): string => String(n).padStart(digits, '0');

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** One warm-up, then REPEAT timed runs (1 when the warm-up took longer than SLOW_MS); the median and the last value. */
async function repeat<T>(fn: () => Promise<T> | T): Promise<{ median: number; runs: number; value: T; warmUpMs: number }> {
  const warm = await timed(fn);
  const count = warm.ms > SLOW_MS ? 1 : REPEAT;
  const times: number[] = [];
  let value = warm.value;
  for (let i = 0; i < count; i += 1) {
    await new Promise((resolve) => setImmediate(resolve)); // let sockets and timers run between two runs
    const t = await timed(fn);
    times.push(t.ms);
    value = t.value;
  }
  return { median: median(times), runs: count, value, warmUpMs: warm.ms };
}

interface ProcessResult {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
}

function runBundle(bundle: string, args: string[], host: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(NODE, [...shebangFlags(bundle), bundle, ...args], { env: testEnv({ SWITCHMAN_HOSTNAME: host }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, ms: performance.now() - t0, stdout, stderr }));
  });
}

function cb<T>(start: (done: (error: unknown, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

// --- part 1: ZooKeeper requests per run and per heartbeat ----------------------------------

type Share = 'session' | 'base' | 'fleet';

interface Counted {
  label: string;
  code: number | null;
  requests: ZkRequest[];
  shares: Share[];
  bytes: number;
}

/**
 * Which requests are the fleet's: any path under <prefix>/fleet. The rest with a path is what a
 * run needs without fleet monitoring (the group check, the lock); connect, ping and close are the
 * session. A create of the prefix or one of its parents is a step of a mkdirp: it belongs to the
 * subtree the chain goes on to.
 */
function shares(requests: ZkRequest[], prefix: string): Share[] {
  const fleet = `${prefix}/fleet`;
  const out = requests.map((r): Share => (r.path === undefined ? 'session' : r.path === fleet || r.path.startsWith(`${fleet}/`) ? 'fleet' : 'base'));
  for (let i = requests.length - 1; i >= 0; i -= 1) {
    const r = requests[i]!;
    if (r.op !== 'create' || r.path === undefined || !(r.path === prefix || prefix.startsWith(`${r.path}/`))) continue;
    const next = requests.findIndex((n, j) => j > i && n.op === 'create' && n.path !== undefined && n.path.startsWith(`${r.path}/`));
    if (next >= 0) out[i] = out[next]!;
  }
  return out;
}

function byOp(requests: ZkRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r.op, (counts.get(r.op) ?? 0) + 1);
  return [...counts].map(([op, n]) => `${op} ${n}`).join(', ');
}

function describeRequest(r: ZkRequest, share: Share, prefix: string): string {
  const path = r.path === undefined ? '' : ` ${r.path.startsWith(prefix) ? `P${r.path.slice(prefix.length)}` : r.path}`;
  return `${share === 'fleet' ? '*' : ''}${r.op}${path}${r.watch ? ' (watch)' : ''}`;
}

function manifestFor(pkg: string, group: string, version: string | null, jobs: { lock: string; schedule: string }[]): JobsManifest {
  return { schemaVersion: MANIFEST_SCHEMA_VERSION, package: pkg, version, group, jobs: jobs.map((j) => manifestJob(j.lock, j.schedule, pkg)) };
}

/** A job as cronpack's render/jobs-manifest.ts writes it: the cron model, null for @reboot. */
function manifestJob(lock: string, schedule: string, pkg: string): ManifestJob {
  const model = parseSchedule(schedule).model;
  if (model === undefined) throw new Error(`bench: bad schedule ${schedule}`);
  return { lockName: lock, schedule, cron: model.reboot ? null : model, user: 'batch', script: lock, scriptPath: `/usr/lib/${pkg}/${lock}`, params: '' };
}

interface PerRunCosts {
  steady: Counted;
  busy: Counted;
  beat: Counted;
  limit: { hugeBytes: number; code: number | null; beatWritten: boolean; published: boolean; logged: string[]; bytesPerMinutelyJob: number; checkSaysSo: boolean; checkFirstLine: string };
}

const WRITE_OPS = new Set(['create', 'delete', 'setData', 'create2', 'createContainer', 'createTTL', 'multi']);

/** Jobs of the package that is too large for one node (every job '* * * * *'). */
const HUGE_PACKAGE_JOBS = 2500;

async function perRunCosts(server: ZkServer, bundle: string): Promise<PerRunCosts> {
  const proxy = await CountingProxy.start({ host: '127.0.0.1', port: server.port });
  const admin = await ZkAdmin.connect(server.connectString);
  try {
    const setup = makeSetup(proxy.connectString, { loglevel: 'info' });
    const prefix = setup.prefix;
    const jobsDir = join(setup.dir, 'jobs');
    mkdirSync(jobsDir);
    const config = JSON.parse(readFileSync(setup.configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(setup.configPath, JSON.stringify({ ...config, manifest_dir: jobsDir }));
    // Three cron packages installed on this host, ten jobs each.
    for (let p = 0; p < 3; p += 1) {
      const jobs = Array.from({ length: 10 }, (_, j) => ({ lock: `acme-${p}-job${j}`, schedule: ['*/5 * * * *', '0 3 * * *', '@hourly'][j % 3]! }));
      writeFileSync(join(jobsDir, `acme-${p}.json`), `${JSON.stringify(manifestFor(`acme-${p}`, 'batch', '1.0-1', jobs), null, 2)}\n`);
    }
    await admin.setGroups(prefix, { batch: [setup.host, 'peer.bench.example'], elsewhere: 'another.bench.example' });

    const measure = async (label: string, args: string[]): Promise<Counted> => {
      proxy.reset();
      // A fleet command comes first (`switchman -c FILE heartbeat` would run a command named heartbeat).
      const argv = args[0] === 'heartbeat' ? ['heartbeat', '-c', setup.configPath, ...args.slice(1)] : ['-c', setup.configPath, ...args];
      const result = await runBundle(bundle, argv, setup.host);
      await proxy.idle();
      if (result.stderr !== '') process.stderr.write(`  (${label}: ${result.stderr.trim()})\n`);
      const requests = [...proxy.requests];
      // The heartbeat is fleet monitoring as a whole, its session and group read included.
      const split = args[0] === 'heartbeat' ? requests.map((): Share => 'fleet') : shares(requests, prefix);
      return { label, code: result.code, requests, shares: split, bytes: proxy.bytesToServer + proxy.bytesToClient };
    };
    const run = ['-g', 'batch', '--lockname', 'nightly-report', '--', '/bin/true'];
    const rows: Counted[] = [];
    rows.push(await measure('first run on a fresh prefix (mkdirp)', run));
    rows.push(await measure('2nd run, no control node yet', run));
    // Once anybody drained or paused anything, the control node stays (undrain empties it).
    await admin.setData(controlPath(prefix), `${JSON.stringify({ schemaVersion: 1, drained: {}, pausedGroups: {}, pausedJobs: {} } satisfies Control, null, 2)}\n`);
    rows.push(await measure('steady state (control node exists)', run));
    const steady = await measure('steady state, again', run);
    rows.push(steady);
    await admin.createEphemeral(lockPath(prefix, 'nightly-report'), 'peer.bench.example 4242');
    const busy = await measure('lock busy (another host runs it)', run);
    rows.push(busy);
    await admin.remove(lockPath(prefix, 'nightly-report'));
    rows.push(await measure('host not in the group', ['-g', 'elsewhere', '--lockname', 'nightly-report', '--', '/bin/true']));
    rows.push(await measure('--no-lock (steady state)', ['-g', 'batch', '--no-lock', '--lockname', 'local-cleanup', '--', '/bin/true']));
    rows.push(await measure('--no-lock, again', ['-g', 'batch', '--no-lock', '--lockname', 'local-cleanup', '--', '/bin/true']));
    const beats: Counted[] = [];
    beats.push(await measure('heartbeat, first (publishes 3 manifests)', ['heartbeat']));
    beats.push(await measure('heartbeat, second', ['heartbeat']));
    const beat = await measure('heartbeat, third (steady state)', ['heartbeat']);
    beats.push(beat);
    // The first beat of an hour publishes every manifest again: make the record an hour old.
    const node = await admin.get(hostPath(prefix, setup.host));
    if (node !== null) {
      const previous = JSON.parse(node.data) as HostBeat;
      await admin.setData(hostPath(prefix, setup.host), `${JSON.stringify({ ...previous, time: new Date(Date.parse(previous.time) - 3_600_000).toISOString() })}\n`);
    }
    beats.push(await measure('heartbeat, first of a new hour', ['heartbeat']));

    // A package too large for one ZooKeeper node: the heartbeat must still go out.
    const hugeJobs = Array.from({ length: HUGE_PACKAGE_JOBS }, (_, j) => ({ lock: `huge-job${j}`, schedule: '* * * * *' }));
    const hugeText = `${JSON.stringify(manifestFor('acme-huge', 'batch', '1.0-1', hugeJobs), null, 2)}\n`;
    const hugeFile = join(jobsDir, 'acme-huge.json');
    writeFileSync(hugeFile, hugeText);
    const hostBefore = await admin.get(hostPath(prefix, setup.host));
    const hugeBeat = await measure(`heartbeat with a ${int(HUGE_PACKAGE_JOBS)}-job package`, ['heartbeat']);
    const hostAfter = await admin.get(hostPath(prefix, setup.host));
    const hugeCheck = await runBundle(bundle, ['check', '-c', setup.configPath], setup.host);
    rmSync(hugeFile);
    beats.push(hugeBeat);
    const published = (await admin.get(manifestPath(prefix, 'acme-huge', '1.0-1'))) !== null;
    const logged = readFileSync(setup.logPath, 'utf8').split('\n').filter((l) => /acme-huge/.test(l)).map((l) => l.slice(0, 220));
    const hugeBytes = Buffer.byteLength(JSON.stringify(manifestFor('acme-huge', 'batch', '1.0-1', hugeJobs))) + 1;
    const limit = {
      hugeBytes,
      code: hugeBeat.code,
      beatWritten: hostAfter !== null && hostBefore !== null && hostAfter.stat.version > hostBefore.stat.version,
      published,
      logged,
      bytesPerMinutelyJob: hugeBytes / HUGE_PACKAGE_JOBS,
      checkSaysSo: hugeCheck.stdout.includes('acme-huge'),
      checkFirstLine: hugeCheck.stdout.split('\n')[0] ?? '',
    };

    console.log('\n== 1. ZooKeeper requests per switchman invocation (counted by a proxy; * = fleet monitoring; P = the prefix)');
    console.log(`${'invocation'.padEnd(42)} exit  total  base  fleet  session  bytes   by type`);
    for (const row of [...rows, ...beats]) {
      const n = (s: Share): number => row.shares.filter((x) => x === s).length;
      console.log(
        `${row.label.padEnd(42)} ${String(row.code).padStart(4)} ${String(row.requests.length).padStart(6)} ${String(n('base')).padStart(5)} ${String(n('fleet')).padStart(6)} ${String(n('session')).padStart(8)} ${String(row.bytes).padStart(6)}   ${byOp(row.requests)}`,
      );
    }
    console.log('  (base: what a run needs without fleet monitoring: the group check, the lock; session: connect, ping, closeSession; a heartbeat is all fleet)');
    console.log('request sequences:');
    for (const row of [...rows, ...beats]) {
      console.log(`  ${row.label}:\n    ${row.requests.map((r, i) => describeRequest(r, row.shares[i]!, prefix)).join(' · ')}`);
    }
    console.log(
      `a package of ${int(HUGE_PACKAGE_JOBS)} '* * * * *' jobs: manifest ${kb(limit.hugeBytes)} (${int(limit.bytesPerMinutelyJob)} bytes a job; jute.maxbuffer 1 MB): ` +
        `heartbeat exit ${limit.code}, host record ${limit.beatWritten ? 'written' : 'NOT written'}, manifest ${limit.published ? 'published' : 'not published'}` +
        `${limit.logged.length > 0 ? `; log: ${limit.logged.join(' / ')}` : '; nothing in the log'}`,
    );
    console.log(`  switchman check on that host afterwards ${limit.checkSaysSo ? 'names' : 'does NOT name'} acme-huge: ${limit.checkFirstLine.slice(0, 200)}`);
    return { steady, busy, beat, limit };
  } finally {
    admin.close();
    await proxy.close();
  }
}

// --- part 2: a synthetic fleet ---------------------------------------------------------

/** The schedules of the synthetic jobs, with their share in percent. */
const SCHEDULE_MIX: [string, number][] = [
  ['* * * * *', 3],
  ['*/5 * * * *', 12],
  ['*/15 * * * *', 10],
  ['0 * * * *', 8],
  ['@hourly', 5],
  ['17 */2 * * *', 10],
  ['*/10 8-18 * * 1-5', 10],
  ['30 3 * * *', 15],
  ['@daily', 7],
  ['45 4 * * 0', 10],
  ['0 6 1 * *', 5],
  ['0 0 1 1 *', 2],
  ['15 1 * * 1,3,5', 2],
  ['@reboot', 1],
];
const SCHEDULE_TABLE: string[] = SCHEDULE_MIX.flatMap(([s, n]) => Array.from({ length: n }, () => s));

/** The last k scheduled starts at or before `before` (UTC), oldest first. */
function lastStarts(model: ScheduleModel, before: number, k: number): number[] {
  for (let window = 3_600_000; ; window *= 2) {
    const got: number[] = [];
    let from = before - window;
    for (;;) {
      const runs = nextRuns(model, { from: new Date(from), count: 256, timeZone: 'UTC' }).map((d) => d.getTime());
      for (const r of runs) if (r <= before) got.push(r);
      const last = runs[runs.length - 1];
      if (runs.length < 256 || last === undefined || last > before) break;
      from = last;
    }
    if (got.length >= k || window > 800 * DAY) return got.slice(-k);
  }
}

/** Scheduled starts per minute, over four weeks from `from`. */
function startsPerMinute(model: ScheduleModel | undefined, from: number): number {
  if (model === undefined || model.reboot) return 0;
  const until = from + 28 * DAY;
  let count = 0;
  let cursor = from;
  for (;;) {
    const runs = nextRuns(model, { from: new Date(cursor), count: 512, timeZone: 'UTC' }).map((d) => d.getTime());
    const inside = runs.filter((r) => r <= until);
    count += inside.length;
    if (inside.length < runs.length || runs.length < 512) break;
    cursor = runs[runs.length - 1]!;
  }
  return count / (28 * 1440);
}

interface FleetNode {
  path: string;
  data: Buffer;
  ephemeral?: boolean;
}

interface BuiltFleet {
  hosts: number;
  jobs: number;
  packages: number;
  manifests: number;
  heldLocks: number;
  groupsDoc: Buffer;
  dirs: string[];
  leaves: FleetNode[];
  /** Data bytes by kind (hosts, manifests, runs, groups document, locks, control). */
  bytes: Record<string, { nodes: number; bytes: number }>;
  largestNode: { path: string; bytes: number };
  localHost: string;
  nowMs: number;
  startsPerMinute: number;
  /** Manifest bytes per job (the 1.0-1 manifests over all jobs). */
  manifestBytesPerJob: number;
  /** Mean number of hosts whose heartbeat lists a job's package (each runs switchman for every start). */
  contenders: number;
}

function buildFleet(prefix: string, hostCount: number, jobCount: number): BuiltFleet {
  const nowMs = Math.floor(Date.now() / MINUTE) * MINUTE + DAY + 30_000;
  const judgedBefore = nowMs - DEFAULT_THRESHOLDS.missedGraceMs;
  const packages = Math.min(50, Math.max(1, Math.ceil(jobCount / 10)));
  const pkgName = (p: number): string => `acme-${pad(p, 2)}`;
  const groupName = (p: number): string => `grp-${pad(p, 2)}`;
  const hostName = (i: number): string => `host${pad(i, 4)}.fleet.bench.example`;

  // Groups: each host in one group, every third host in a second one.
  const members: string[][] = Array.from({ length: packages }, () => []);
  const hostGroups: number[][] = [];
  for (let i = 0; i < hostCount; i += 1) {
    const mine = [i % packages];
    const second = (i * 7 + 3) % packages;
    if (i % 3 === 0 && second !== mine[0]) mine.push(second);
    hostGroups.push(mine);
    for (const g of mine) members[g]!.push(hostName(i));
  }
  const groupsDoc = Buffer.from(JSON.stringify({ groups: Object.fromEntries(members.map((hosts, g) => [groupName(g), hosts])) }), 'utf8');
  const parsedGroups = parseGroupsDocument(groupsDoc.toString('utf8'));
  if (!parsedGroups.ok) throw new Error(`bench: groups document: ${parsedGroups.error}`);
  const groups: Groups = parsedGroups.groups;

  // Jobs, in contiguous runs per package.
  const jobs = Array.from({ length: jobCount }, (_, j) => {
    const p = Math.min(packages - 1, Math.floor((j * packages) / jobCount));
    const schedule = SCHEDULE_TABLE[(j * 37) % SCHEDULE_TABLE.length]!;
    return { j, p, lock: `${pkgName(p)}-job${pad(j, 5)}`, schedule };
  });
  const models = new Map<string, ScheduleModel | undefined>(SCHEDULE_MIX.map(([s]) => [s, parseSchedule(s).model]));
  const starts = new Map<string, number[]>();
  for (const [s, model] of models) starts.set(s, model === undefined || model.reboot ? [nowMs - 3 * DAY] : lastStarts(model, judgedBefore, 6));
  const rates = new Map<string, number>([...models].map(([s, model]) => [s, startsPerMinute(model, nowMs)]));

  // Manifests: version 1.0-1 of every package; hosts i % 97 == 5 still have 0.9-1 of their first package.
  const oldVersionHost = (i: number): boolean => i % 97 === 5;
  const manifestNodes: FleetNode[] = [];
  const oldPackages = new Set<number>();
  for (let i = 0; i < hostCount; i += 1) if (oldVersionHost(i)) oldPackages.add(hostGroups[i]![0]!);
  for (let p = 0; p < packages; p += 1) {
    const own = jobs.filter((job) => job.p === p);
    for (const version of oldPackages.has(p) ? ['0.9-1', '1.0-1'] : ['1.0-1']) {
      const manifest = manifestFor(pkgName(p), groupName(p), version, own);
      manifestNodes.push({ path: manifestPath(prefix, pkgName(p), version), data: Buffer.from(`${JSON.stringify(manifest)}\n`, 'utf8') });
    }
  }

  // Heartbeats, as `switchman heartbeat` makes them.
  const beatTime = Date.now();
  const hostNodes: FleetNode[] = [];
  for (let i = 0; i < hostCount; i += 1) {
    const installed = hostGroups[i]!.map((g, k) => ({ package: pkgName(g), version: k === 0 && oldVersionHost(i) ? '0.9-1' : '1.0-1', group: groupName(g), schemaVersion: 2, jobs: [] }) as JobsManifest);
    const beat = makeHostBeat({ host: hostName(i), nowMs: beatTime, version: SWITCHMAN_VERSION, timeZone: 'UTC', groups, manifests: installed });
    hostNodes.push({ path: hostPath(prefix, hostName(i)), data: Buffer.from(`${JSON.stringify(beat)}\n`, 'utf8') });
  }

  // Run records: 90 % ran on time, 4 % failing (1 to 4 in a row), 4 % missed their last start, 2 % stopped.
  const runNodes: FleetNode[] = [];
  const lockNodes: FleetNode[] = [];
  for (const job of jobs) {
    const kind = (job.j * 53) % 100;
    const all = starts.get(job.schedule)!;
    const history = kind >= 94 && kind < 98 && all.length > 1 ? all.slice(0, -1) : all;
    const runners = members[job.p]!.length > 0 ? members[job.p]! : ['gone.fleet.bench.example'];
    const failing = kind >= 90 && kind < 94 ? 1 + (job.j % 4) : 0;
    let record: JobRuns | undefined;
    history.slice(-5).forEach((startMs, k, list) => {
      const last = k === list.length - 1;
      const result: RunResult = list.length - k <= failing ? 'failed' : last && kind >= 98 ? 'stopped' : 'ok';
      const durationMs = 500 + ((job.j * 7919 + k * 104_729) % 90_000);
      const start = startMs + 2000;
      const run: RunRecord = {
        runId: `bench-${job.j}-${k}`,
        host: runners[(job.j + k) % runners.length]!,
        pid: 10_000 + job.j + k,
        lock: job.lock,
        group: groupName(job.p),
        start: new Date(start).toISOString(),
        end: new Date(start + durationMs).toISOString(),
        durationMs,
        exitCode: result === 'ok' ? 0 : result === 'failed' ? 1 : 143,
        result,
        cause: result === 'stopped' ? 'signal' : null,
        status: result === 'ok' ? 'code:0' : result === 'failed' ? 'code:1' : 'signal:SIGTERM',
        peakRssKb: 20_480 + (job.j % 100) * 512,
        switchmanVersion: SWITCHMAN_VERSION,
      };
      record = mergeRun(record, run);
    });
    runNodes.push({ path: runPath(prefix, job.lock), data: Buffer.from(`${JSON.stringify(record)}\n`, 'utf8') });
    if ((job.j * 31) % 100 === 0) lockNodes.push({ path: lockPath(prefix, job.lock), data: Buffer.from(`${runners[0]} ${20_000 + job.j}`, 'utf8'), ephemeral: true });
  }

  const at = new Date(beatTime).toISOString();
  const control: Control = {
    schemaVersion: 1,
    drained: { [hostName(hostCount - 1)]: { by: 'ops@admin.example', at, reason: 'disk swap', letRunningFinish: false } },
    pausedGroups: {},
    pausedJobs: { [jobs[1 % jobCount]!.lock]: { by: 'ops@admin.example', at, reason: 'known bad' } },
  };
  const controlNode: FleetNode = { path: controlPath(prefix), data: Buffer.from(`${JSON.stringify(control, null, 2)}\n`, 'utf8') };

  const leaves = [...manifestNodes, ...hostNodes, ...runNodes, ...lockNodes, controlNode];
  const sum = (nodes: FleetNode[]): { nodes: number; bytes: number } => ({ nodes: nodes.length, bytes: nodes.reduce((n, x) => n + x.data.length, 0) });
  const largest = leaves.reduce((a, b) => (b.data.length > a.data.length ? b : a));
  const dirs = [hostsPath(prefix), runsPath(prefix), `${prefix}/locks`, ...[...new Set(manifestNodes.map((m) => m.path.slice(0, m.path.lastIndexOf('/'))))]];
  return {
    hosts: hostCount,
    jobs: jobCount,
    packages,
    manifests: manifestNodes.length,
    heldLocks: lockNodes.length,
    groupsDoc,
    dirs,
    leaves,
    bytes: {
      hosts: sum(hostNodes),
      manifests: sum(manifestNodes),
      runs: sum(runNodes),
      'groups document': { nodes: 1, bytes: groupsDoc.length },
      locks: sum(lockNodes),
      control: sum([controlNode]),
    },
    largestNode: { path: largest.path.slice(prefix.length), bytes: largest.data.length },
    localHost: hostName(0),
    nowMs,
    manifestBytesPerJob: manifestNodes.filter((m) => m.path.endsWith('/1.0-1')).reduce((n, m) => n + m.data.length, 0) / jobCount,
    startsPerMinute: jobs.reduce((n, job) => n + (rates.get(job.schedule) ?? 0), 0),
    contenders: hostCount === 0 ? 0 : jobs.reduce((n, job) => n + members[job.p]!.length, 0) / Math.max(1, jobCount),
  };
}

/** Writes the fleet: the prefix (groups document), the folders, then every leaf with FILL_WINDOW creates in flight. */
async function fill(client: Client, prefix: string, fleet: BuiltFleet): Promise<number> {
  const t0 = performance.now();
  await cb<string>((d) => client.mkdirp(prefix.slice(0, prefix.lastIndexOf('/')), d));
  await cb<string>((d) => client.create(prefix, fleet.groupsDoc, d));
  for (const dir of fleet.dirs) await cb<string>((d) => client.mkdirp(dir, d));
  const leaves = fleet.leaves;
  await new Promise<void>((resolve, reject) => {
    let next = 0;
    let inFlight = 0;
    let failed = false;
    const pump = (): void => {
      while (!failed && inFlight < FILL_WINDOW && next < leaves.length) {
        const node = leaves[next++]!;
        inFlight += 1;
        const mode = node.ephemeral ? zookeeper.CreateMode.EPHEMERAL : zookeeper.CreateMode.PERSISTENT;
        client.create(node.path, node.data, mode, (error) => {
          inFlight -= 1;
          if (error) {
            failed = true;
            reject(new Error(`bench: create ${node.path} (${node.data.length} bytes): ${String(error)}`));
            return;
          }
          if (next >= leaves.length && inFlight === 0) resolve();
          else pump();
        });
      }
    };
    pump();
  });
  return performance.now() - t0;
}

interface FleetFigures {
  label: string;
  fleet: BuiltFleet;
  fillMs: number;
  read: { median: number; runs: number };
  evaluate: { median: number };
  nagios: { median: number };
  metrics: { median: number };
  baselineHosts: { median: number };
  baselineRuns: { median: number };
  readRequests: number;
  readBytes: number;
  runsChildrenBytes: number;
  checkProcess: { median: number; runs: number; warmUpMs: number; result: ProcessResult };
  metricsProcess: { median: number; runs: number; warmUpMs: number; result: ProcessResult };
  versionProcess: number;
  checkRequests: number;
  checkBytes: number;
  defaultTimeoutCheck: ProcessResult;
  report: FleetReport;
  /** What the processes should have printed: the same formatters, in this process, on the same data. */
  expectedCheck: string;
  expectedMetrics: string;
}

async function measureFleet(label: string, server: ZkServer, admin: ZkAdmin, bundle: string, hostCount: number, jobCount: number, versionMs: number): Promise<FleetFigures> {
  const proxy = await CountingProxy.start({ host: '127.0.0.1', port: server.port });
  const setup = makeSetup(server.connectString, { loglevel: 'info' });
  const prefix = setup.prefix;
  const emptyJobs = join(setup.dir, 'jobs');
  mkdirSync(emptyJobs);
  const base = JSON.parse(readFileSync(setup.configPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(setup.configPath, JSON.stringify({ ...base, manifest_dir: emptyJobs }));
  const proxiedConfig = join(setup.dir, 'proxied.conf');
  writeFileSync(proxiedConfig, JSON.stringify({ ...base, manifest_dir: emptyJobs, zkhosts: proxy.connectString }));

  process.stdout.write(`\n[${label}] building ${int(hostCount)} hosts, ${int(jobCount)} jobs ... `);
  const fleet = buildFleet(prefix, hostCount, jobCount);
  const fillMs = await fill(admin.client, prefix, fleet);
  process.stdout.write(`written in ${ms(fillMs)}; timing ...\n`);

  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, heartbeatStaleMs: STALE_S * 1000 };
  const local: LocalView = { host: fleet.localHost, configured: true, zkError: undefined, manifests: [], manifestErrors: [], timeZone: 'UTC' };
  const session = await ZkSession.connect(server.connectString, { sessionTimeoutMs: 30_000, connectTimeoutMs: 10_000 });
  const read = await repeat(() => readFleet(session, prefix, fleet.nowMs));
  const snapshot: FleetSnapshot = read.value;
  const readAll = async (dir: string): Promise<number> => {
    const names = (await session.getChildren(dir)) ?? [];
    const nodes = await Promise.all(names.map((n) => session.getData(`${dir}/${n}`)));
    return nodes.length;
  };
  const baselineHosts = await repeat(() => readAll(hostsPath(prefix)));
  const baselineRuns = await repeat(() => readAll(runsPath(prefix)));
  // The rest is CPU alone: no session open meanwhile (it would expire while the loop is busy).
  await session.close(500);
  const evaluate = await repeat(() => evaluateFleet(snapshot, local, thresholds));
  const report: FleetReport = evaluate.value;
  const nagios = await repeat(() => formatNagios(report));
  const metrics = await repeat(() => formatMetrics(snapshot, report, local));

  // The same read through the proxy: requests and bytes.
  const counted = await ZkSession.connect(proxy.connectString, { sessionTimeoutMs: 30_000, connectTimeoutMs: 10_000 });
  proxy.reset();
  await readFleet(counted, prefix, fleet.nowMs);
  const readRequests = proxy.requests.length;
  const readBytes = proxy.bytesToClient;
  proxy.reset();
  await counted.getChildren(runsPath(prefix));
  const runsChildrenBytes = proxy.bytesToClient;
  await counted.close(500);
  await proxy.idle();

  const judge = ['--now', new Date(fleet.nowMs).toISOString(), '--stale', String(STALE_S), '--time-zone', 'UTC', '--timeout', '300'];
  const checkProcess = await repeat(() => runBundle(bundle, ['check', '-c', setup.configPath, ...judge], fleet.localHost));
  const metricsProcess = await repeat(() => runBundle(bundle, ['metrics', '-c', setup.configPath, ...judge], fleet.localHost));
  proxy.reset();
  await runBundle(bundle, ['check', '-c', proxiedConfig, ...judge], fleet.localHost);
  await proxy.idle();
  const checkRequests = proxy.requests.length;
  const checkBytes = proxy.bytesToClient;
  const defaultTimeoutCheck = await runBundle(bundle, ['check', '-c', setup.configPath, ...judge.slice(0, -2)], fleet.localHost);
  await proxy.close();
  return {
    label,
    fleet,
    fillMs,
    read,
    evaluate,
    nagios,
    metrics,
    baselineHosts,
    baselineRuns,
    readRequests,
    readBytes,
    runsChildrenBytes,
    checkProcess: { median: checkProcess.median, runs: checkProcess.runs, warmUpMs: checkProcess.warmUpMs, result: checkProcess.value },
    metricsProcess: { median: metricsProcess.median, runs: metricsProcess.runs, warmUpMs: metricsProcess.warmUpMs, result: metricsProcess.value },
    versionProcess: versionMs,
    checkRequests,
    checkBytes,
    defaultTimeoutCheck,
    report,
    expectedCheck: nagios.value.text,
    expectedMetrics: metrics.value,
  };
}

/** Whether a process printed all it should have (stdout is a pipe here, as under Nagios or a collector). */
function completeness(got: string, expected: string): string {
  const have = Buffer.byteLength(got);
  const want = Buffer.byteLength(expected);
  if (got === expected) return `complete (${int(have)} bytes)`;
  if (expected.startsWith(got)) return `TRUNCATED: ${int(have)} of ${int(want)} bytes`;
  return `differs from the in-process output (${int(have)} vs ${int(want)} bytes)`;
}

function printFleet(f: FleetFigures): void {
  const fl = f.fleet;
  const stored = Object.values(fl.bytes).reduce((n, b) => n + b.bytes, 0);
  const nodes = Object.values(fl.bytes).reduce((n, b) => n + b.nodes, 0);
  console.log(`\n-- ${f.label}: ${int(fl.hosts)} hosts, ${int(fl.jobs)} jobs in ${fl.packages} packages/groups (${fl.manifests} manifests published), ${fl.heldLocks} held locks`);
  console.log(`  filled ${int(nodes)} nodes, ${kb(stored)} of data, in ${ms(f.fillMs)} (${int((nodes / f.fillMs) * 1000)} creates/s, ${FILL_WINDOW} in flight)`);
  console.log(`  data: ${Object.entries(fl.bytes).map(([k, b]) => `${k} ${int(b.nodes)} × ${kb(b.bytes / Math.max(1, b.nodes))} = ${kb(b.bytes)}`).join('; ')}`);
  console.log(`  largest node: ${fl.largestNode.path} ${kb(fl.largestNode.bytes)} (${((fl.largestNode.bytes / JUTE_MAXBUFFER) * 100).toFixed(1)} % of jute.maxbuffer, 1 MB); getChildren of fleet/runs answers ${kb(f.runsChildrenBytes)}`);
  console.log(`  readFleet: ${int(f.readRequests)} requests, ${kb(f.readBytes)} from ZooKeeper; a check process: ${int(f.checkRequests)} requests, ${kb(f.checkBytes)}`);
  console.log(`  in-process (tsx), median of ${f.read.runs} after a warm-up:`);
  console.log(`    readFleet       ${ms(f.read.median).padStart(10)}`);
  console.log(`    evaluateFleet   ${ms(f.evaluate.median).padStart(10)}   (${f.report.status}: ${f.report.findings.length} findings; ${f.report.counts.jobs} jobs, ${f.report.counts.jobsOverdue} overdue, ${f.report.counts.jobsFailing} failing, ${f.report.counts.jobsRunningLong} running long)`);
  console.log(`    formatNagios    ${ms(f.nagios.median).padStart(10)}`);
  console.log(`    formatMetrics   ${ms(f.metrics.median).padStart(10)}`);
  console.log(`    baseline: getChildren + getData of the ${int(fl.hosts)} host nodes ${ms(f.baselineHosts.median)}; of the ${int(fl.jobs)} run nodes ${ms(f.baselineRuns.median)}`);
  const c = f.checkProcess;
  const m = f.metricsProcess;
  console.log(`  processes (the bundle), median of ${c.runs} after a warm-up (${ms(c.warmUpMs)}):`);
  console.log(`    switchman --version             ${ms(f.versionProcess).padStart(10)}   (node start-up + loading the bundle)`);
  console.log(`    switchman check                 ${ms(c.median).padStart(10)}   exit ${c.result.code}, ${kb(Buffer.byteLength(f.expectedCheck))}, ${int(f.report.findings.length + 1)} lines: ${c.result.stdout.split('\n')[0]!.slice(0, 120)}`);
  console.log(`    switchman metrics               ${ms(m.median).padStart(10)}   exit ${m.result.code}; the full text is ${kb(Buffer.byteLength(f.expectedMetrics))}, ${int(f.expectedMetrics.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length)} samples`);
  console.log(`    output: check ${completeness(c.result.stdout, f.expectedCheck)}; metrics ${completeness(m.result.stdout, f.expectedMetrics)}`);
  const d = f.defaultTimeoutCheck;
  console.log(`    check with the default --timeout (10 s): ${ms(d.ms)}, exit ${d.code}${d.stdout.includes('within') ? ` (${d.stdout.split('\n')[0]!.slice(0, 160)})` : ''}`);
  if (c.result.stderr !== '' || m.result.stderr !== '') console.log(`    stderr: ${(c.result.stderr + m.result.stderr).trim().slice(0, 500)}`);
}

// --- main ----------------------------------------------------------------------------------

async function main(): Promise<number> {
  const missing = zookeeperMissingReason();
  if (missing !== undefined) {
    console.error(`fleet bench: ${missing}`);
    return 1;
  }
  if (!(Number.isInteger(HOSTS) && HOSTS > 0 && Number.isInteger(JOBS) && JOBS > 0)) {
    console.error(`fleet bench: HOSTS and JOBS must be whole numbers above 0, got ${process.argv[2]} ${process.argv[3]}`);
    return 1;
  }
  const bundle = ensureBundle();
  const server = await ZkServer.start();
  const admin = await ZkAdmin.connect(server.connectString);
  try {
    console.log(`fleet bench: ${HOSTS} hosts, ${JOBS} jobs; bundle ${bundle} on ${NODE} ${process.version}; ZooKeeper on 127.0.0.1:${server.port} (forceSync=no)`);
    const costs = await perRunCosts(server, bundle);

    const version = await repeat(() => runBundle(bundle, ['--version'], 'bench.example'));
    console.log('\n== 2. check and metrics on a synthetic fleet (judged a day after it was written, --stale 2 days)');
    const small = await measureFleet('baseline fleet', server, admin, bundle, SMALL.hosts, SMALL.jobs, version.median);
    printFleet(small);
    const big = await measureFleet('measured fleet', server, admin, bundle, HOSTS, JOBS, version.median);
    printFleet(big);

    // --- summary
    const count = (c: Counted, s: Share): number => c.shares.filter((x) => x === s).length;
    const perRun = costs.steady.requests.length;
    const fleetPerRun = count(costs.steady, 'fleet');
    const beat = costs.beat.requests.length;
    const busy = costs.busy.requests.length;
    const fleetPerBusy = count(costs.busy, 'fleet');
    const fl = big.fleet;
    const runsPerMinute = fl.startsPerMinute;
    const contenders = fl.contenders;
    console.log('\n== summary');
    console.log(`ZooKeeper cost per run: ${perRun} requests (${perRun - fleetPerRun} for locking, ${fleetPerRun} added by fleet monitoring); a run that finds the lock busy: ${busy} (${fleetPerBusy} added)`);
    console.log(
      `per fleet minute: heartbeat ${beat} requests × hosts + per-run cost ${perRun} × runs; for ${int(fl.hosts)} hosts and ${int(fl.jobs)} jobs (${runsPerMinute.toFixed(1)} starts a minute): ` +
        `${beat} × ${int(fl.hosts)} + ${perRun} × ${runsPerMinute.toFixed(1)} = ${int(beat * fl.hosts + perRun * runsPerMinute)} requests/min, ${int(beat * fl.hosts + fleetPerRun * runsPerMinute)} of them fleet monitoring ` +
        `(${((beat * fl.hosts + fleetPerRun * runsPerMinute) / 60).toFixed(0)}/s)`,
    );
    console.log(
      `  if every host with the package installed starts each run (${contenders.toFixed(1)} hosts per job here, one wins the lock): + ${busy} × ${(contenders - 1).toFixed(1)} × ${runsPerMinute.toFixed(1)} = ` +
        `${int(busy * (contenders - 1) * runsPerMinute)} requests/min more, ${int(fleetPerBusy * (contenders - 1) * runsPerMinute)} of them the control read`,
    );
    const writes = (c: Counted, only?: Share): number => c.requests.filter((r, i) => WRITE_OPS.has(r.op) && (only === undefined || c.shares[i] === only)).length;
    const runWrites = writes(costs.steady);
    const fleetRunWrites = writes(costs.steady, 'fleet');
    const beatWrites = writes(costs.beat);
    console.log(
      `ZooKeeper writes (create, delete, setData: through the leader and the transaction log): per run ${runWrites} (${runWrites - fleetRunWrites} for locking, ${fleetRunWrites} fleet), per heartbeat ${beatWrites}; ` +
        `a fleet minute here: ${int(beatWrites * fl.hosts + fleetRunWrites * runsPerMinute)} fleet writes (${((beatWrites * fl.hosts + fleetRunWrites * runsPerMinute) / 60).toFixed(1)}/s) beside ${int((runWrites - fleetRunWrites) * runsPerMinute)} lock writes`,
    );
    console.log(
      `a check or metrics reads the whole fleet: ${int(big.checkRequests)} requests, ${kb(big.checkBytes)}; run on each of the ${int(fl.hosts)} hosts every 5 minutes (a per-host Nagios check) that would be ` +
        `${int((big.checkRequests * fl.hosts) / 5)} requests and ${kb((big.checkBytes * fl.hosts) / 5)} a minute`,
    );
    const perJobMix = fl.manifestBytesPerJob;
    console.log(
      `manifest size: ~${int(perJobMix)} bytes a job with this schedule mix, ${int(costs.limit.bytesPerMinutelyJob)} for '* * * * *': one package fits ~${int(1_000_000 / perJobMix)} jobs ` +
        `(~${int(1_000_000 / costs.limit.bytesPerMinutelyJob)} minutely ones) under 1 MB; an oversized one: heartbeat exit ${costs.limit.code}, beat ${costs.limit.beatWritten ? 'written' : 'NOT written'}, manifest ${costs.limit.published ? 'published' : 'not published'}`,
    );
    console.log(`check on ${int(fl.hosts)} hosts / ${int(fl.jobs)} jobs: ${ms(big.checkProcess.median)} (read ${ms(big.read.median)}, evaluate ${ms(big.evaluate.median)}); metrics ${ms(big.metricsProcess.median)} (format ${ms(big.metrics.median)})`);
    console.log(
      `  for comparison: ${int(small.fleet.hosts)} hosts / ${int(small.fleet.jobs)} jobs: check ${ms(small.checkProcess.median)} (read ${ms(small.read.median)}, evaluate ${ms(small.evaluate.median)}); ` +
        `node + bundle start-up ${ms(version.median)}; reading the ${int(fl.hosts)} host nodes alone ${ms(big.baselineHosts.median)}, the ${int(fl.jobs)} run nodes ${ms(big.baselineRuns.median)}`,
    );
    for (const f of [small, big]) {
      if (f.checkProcess.median > 60_000 || f.metricsProcess.median > 60_000) console.log(`  TOO SLOW (${f.label}): check ${ms(f.checkProcess.median)}, metrics ${ms(f.metricsProcess.median)}`);
      if (f.defaultTimeoutCheck.code !== f.checkProcess.result.code) console.log(`  PROBLEM (${f.label}): with the default --timeout the check exits ${f.defaultTimeoutCheck.code}: ${f.defaultTimeoutCheck.stdout.split('\n')[0]}`);
      for (const [what, got, want] of [['check', f.checkProcess.result.stdout, f.expectedCheck], ['metrics', f.metricsProcess.result.stdout, f.expectedMetrics]] as const) {
        if (got !== want) console.log(`  PROBLEM (${f.label}): switchman ${what} on a pipe: ${completeness(got, want)}`);
      }
      if (f.fleet.largestNode.bytes > JUTE_MAXBUFFER / 2) console.log(`  NOTE (${f.label}): the largest node is ${kb(f.fleet.largestNode.bytes)}, over half of jute.maxbuffer`);
    }
    return 0;
  } finally {
    admin.close();
    await server.dispose();
  }
}

process.exitCode = await main();
