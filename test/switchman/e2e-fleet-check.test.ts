// End to end, against a real ZooKeeper and the bundled switchman: a simulated fleet (several
// host names on this machine, each with its own installed manifests), heartbeats, real runs,
// and `switchman check`, `metrics` and `gc` judging it, with "now" moved by --now.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { zkTestOptions } from '../support/zookeeper.js';
import { BUNDLE, NODE, SharedZk, ensureBundle, makeSetup, runSwitchman, shebangFlags, testEnv } from './harness.js';
import type { TestSetup } from './harness.js';
import { ZkSession } from '../../src/switchman/zk-session.js';
import { readFleet } from '../../src/switchman/fleet/read-fleet.js';
import { applyGcStep, DEFAULT_GC_LIMITS, planGc } from '../../src/switchman/fleet/gc.js';
import { hostPath } from '../../src/switchman/fleet/layout.js';
import { parseSchedule } from '../../src/schedule/index.js';

const zk = new SharedZk();
const opts = zkTestOptions();
before(() => void ensureBundle());
after(() => zk.dispose());

interface Fleet {
  setup: TestSetup;
  /** Config file of each simulated host: same ZooKeeper and prefix, its own manifest_dir. */
  configs: Record<string, string>;
}

function manifest(pkg: string, version: string, group: string, jobs: { lock: string; schedule: string }[]): string {
  return JSON.stringify({
    schemaVersion: 2,
    package: pkg,
    version,
    group,
    jobs: jobs.map((j) => ({ lockName: j.lock, schedule: j.schedule, cron: parseSchedule(j.schedule).model ?? null, user: 'root', script: j.lock, scriptPath: `/usr/bin/${j.lock}`, params: '' })),
  });
}

/** Hosts with their installed manifests (package file name -> manifest JSON), and the groups document. */
async function fleet(groups: Record<string, string[]>, installed: Record<string, Record<string, string>>): Promise<Fleet> {
  const server = await zk.get();
  const setup = makeSetup(server.connectString);
  await (await zk.admin()).setGroups(setup.prefix, groups);
  const base = JSON.parse(readFileSync(setup.configPath, 'utf8')) as Record<string, unknown>;
  const configs: Record<string, string> = {};
  for (const [host, files] of Object.entries(installed)) {
    const dir = join(setup.dir, host, 'jobs');
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `${name}.json`), text);
    configs[host] = join(setup.dir, host, 'switchman.conf');
    writeFileSync(configs[host], JSON.stringify({ ...base, manifest_dir: dir }));
  }
  return { setup, configs };
}

async function sw(f: Fleet, host: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = runSwitchman([...args, '-c', f.configs[host] as string], { host });
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

async function beatAll(f: Fleet): Promise<void> {
  for (const host of Object.keys(f.configs)) {
    const beat = await sw(f, host, ['heartbeat']);
    assert.equal(beat.code, 0, beat.stderr);
  }
}

async function check(f: Fleet, host: string, extra: string[] = []): Promise<{ code: number | null; first: string; stdout: string }> {
  const result = await sw(f, host, ['check', ...extra]);
  assert.equal(result.stderr, '', 'a check prints nothing on stderr');
  return { code: result.code, first: result.stdout.split('\n')[0] ?? '', stdout: result.stdout };
}

const iso = (ms: number): string => new Date(ms).toISOString();
const HOSTS = { a: 'a.fleet.test', b: 'b.fleet.test' };

test('OK when every group has a fresh host and every job ran; CRITICAL when all hosts of a group are stale', opts, async () => {
  const pkg = manifest('acme-batch', '1.0', 'batch', [{ lock: 'hourly-report', schedule: '0 * * * *' }]);
  const f = await fleet({ batch: [HOSTS.a, HOSTS.b] }, { [HOSTS.a]: { 'acme-batch': pkg }, [HOSTS.b]: { 'acme-batch': pkg } });
  await beatAll(f);
  const ok = await check(f, HOSTS.a);
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(ok.first, /^SWITCHMAN OK - .*\|/);
  const stale = await check(f, HOSTS.a, ['--now', iso(Date.now() + 10 * 60_000)]);
  assert.equal(stale.code, 2, stale.stdout);
  assert.match(stale.stdout, /batch/);
  assert.match(stale.stdout, /stale/i);
});

test('a group missing from ZooKeeper is CRITICAL', opts, async () => {
  const f = await fleet({ batch: [HOSTS.a] }, { [HOSTS.a]: { 'acme-ghost': manifest('acme-ghost', '1.0', 'ghost', [{ lock: 'ghostly', schedule: '0 3 * * *' }]) } });
  await beatAll(f);
  const result = await check(f, HOSTS.a);
  assert.equal(result.code, 2, result.stdout);
  assert.match(result.stdout, /ghost/);
});

test('dead man\'s switch: a schedule passed once is WARNING, twice CRITICAL; a run clears it', opts, async () => {
  const f = await fleet({ batch: [HOSTS.a] }, { [HOSTS.a]: { 'acme-minutely': manifest('acme-minutely', '1.0', 'batch', [{ lock: 'every-minute', schedule: '* * * * *' }]) } });
  await beatAll(f);
  const published = Date.now();
  const keepFresh = ['--stale', '3600', '--grace', '30'];
  const once = await check(f, HOSTS.a, [...keepFresh, '--now', iso(Math.floor(published / 60_000) * 60_000 + 60_000 + 45_000)]);
  assert.equal(once.code, 1, once.stdout);
  assert.match(once.stdout, /every-minute/);
  const twice = await check(f, HOSTS.a, [...keepFresh, '--now', iso(Math.floor(published / 60_000) * 60_000 + 3 * 60_000 + 45_000)]);
  assert.equal(twice.code, 2, twice.stdout);
  assert.match(twice.stdout, /every-minute/);
  const ran = runSwitchman(['-c', f.configs[HOSTS.a] as string, '-g', 'batch', '--lockname', 'every-minute', '--', '/bin/true'], { host: HOSTS.a });
  assert.equal((await ran.exited).code, 0);
  const after = await check(f, HOSTS.a, [...keepFresh, '--now', iso(Date.now() + 20_000)]);
  assert.equal(after.code, 0, after.stdout);
});

test('a failing job is WARNING, and CRITICAL after --failures runs in a row; a paused job is WARNING', opts, async () => {
  const f = await fleet({ batch: [HOSTS.a] }, { [HOSTS.a]: { 'acme-f': manifest('acme-f', '1.0', 'batch', [{ lock: 'flaky', schedule: '0 4 * * *' }]) } });
  await beatAll(f);
  const fail = (): Promise<unknown> => runSwitchman(['-c', f.configs[HOSTS.a] as string, '-g', 'batch', '--lockname', 'flaky', '--', '/bin/false'], { host: HOSTS.a }).exited;
  await fail();
  const warning = await check(f, HOSTS.a, ['--failures', '2']);
  assert.equal(warning.code, 1, warning.stdout);
  assert.match(warning.stdout, /flaky/);
  await fail();
  const critical = await check(f, HOSTS.a, ['--failures', '2']);
  assert.equal(critical.code, 2, critical.stdout);
  assert.equal((await sw(f, HOSTS.a, ['pause', 'flaky', '--reason', 'known bad'])).code, 0);
  const paused = await check(f, HOSTS.a, ['--failures', '5']);
  assert.match(paused.stdout, /paused/);
  assert.ok(paused.code === 1, paused.stdout);
});

test('a drained host: WARNING for the drain, CRITICAL when its group has no other host', opts, async () => {
  const pkg = manifest('acme-d', '1.0', 'solo', [{ lock: 'solo-job', schedule: '0 5 * * *' }]);
  const f = await fleet({ solo: [HOSTS.a] }, { [HOSTS.a]: { 'acme-d': pkg } });
  await beatAll(f);
  assert.equal((await check(f, HOSTS.a)).code, 0);
  assert.equal((await sw(f, HOSTS.a, ['drain', '--reason', 'disk swap'])).code, 0);
  const result = await check(f, HOSTS.a);
  assert.equal(result.code, 2, result.stdout);
  assert.match(result.stdout, /drain/i);
});

test('ZooKeeper unreachable: CRITICAL with the reason within the timeout, no stack trace', opts, async () => {
  const f = await fleet({}, { [HOSTS.a]: {} });
  const config = JSON.parse(readFileSync(f.configs[HOSTS.a] as string, 'utf8')) as Record<string, unknown>;
  writeFileSync(f.configs[HOSTS.a] as string, JSON.stringify({ ...config, zkhosts: '127.0.0.1:1' }));
  const started = Date.now();
  const result = await check(f, HOSTS.a, ['--timeout', '2']);
  assert.ok(Date.now() - started < 6000, `answered in ${Date.now() - started} ms`);
  assert.equal(result.code, 2, result.stdout);
  assert.match(result.first, /^SWITCHMAN CRITICAL - .*ZooKeeper/);
  assert.doesNotMatch(result.stdout, /at .*\.(ts|js|cjs):\d+/);
});

test('metrics: the fleet in Prometheus text format, also as an atomic textfile', opts, async (t) => {
  const pkg = manifest('acme-m', '1.0', 'batch', [{ lock: 'metric-job', schedule: '0 6 * * *' }]);
  const f = await fleet({ batch: [HOSTS.a] }, { [HOSTS.a]: { 'acme-m': pkg } });
  await beatAll(f);
  await runSwitchman(['-c', f.configs[HOSTS.a] as string, '-g', 'batch', '--lockname', 'metric-job', '--', '/bin/true'], { host: HOSTS.a }).exited;
  const metrics = await sw(f, HOSTS.a, ['metrics']);
  assert.equal(metrics.code, 0, metrics.stderr);
  assert.match(metrics.stdout, /^switchman_job_last_success_timestamp_seconds\{.*lock="metric-job".*\} \d/m);
  assert.match(metrics.stdout, /^switchman_host_heartbeat_age_seconds\{host="a\.fleet\.test"\} /m);
  // Prometheus's own linter on real data (Debian's "prometheus" package; CI installs it).
  const promtool = spawnSync('promtool', ['check', 'metrics'], { input: metrics.stdout, encoding: 'utf8' });
  if (promtool.error === undefined || process.env['CI'] === 'true') assert.equal(promtool.status, 0, `promtool: ${promtool.error?.message ?? ''}${promtool.stdout}${promtool.stderr}`);
  else t.diagnostic('promtool is not on PATH: the real metrics were not linted');
  const file = join(f.setup.dir, 'switchman.prom');
  assert.equal((await sw(f, HOSTS.a, ['metrics', '--textfile', file])).code, 0);
  assert.match(readFileSync(file, 'utf8'), /# TYPE switchman_job_runs_total counter/);
});

test('gc: a host gone for long loses its records; one that comes back between the plan and the delete keeps its fresh record', opts, async () => {
  const pkg = manifest('acme-g', '1.0', 'batch', [{ lock: 'g-job', schedule: '0 7 * * *' }]);
  const f = await fleet({ batch: [HOSTS.a, HOSTS.b] }, { [HOSTS.a]: { 'acme-g': pkg }, [HOSTS.b]: { 'acme-g': pkg } });
  await beatAll(f);
  const later = Date.now() + 8 * 86_400_000;
  // B beats "later" too: the fleet is alive then, A is gone.
  const server = await zk.get();
  const session = await ZkSession.connect(server.connectString, { sessionTimeoutMs: 10_000, connectTimeoutMs: 5000 });
  try {
    const snapshot = await readFleet(session, f.setup.prefix, later);
    snapshot.hosts = snapshot.hosts.map((h) => (h.host === HOSTS.b ? { ...h, mtimeMs: later } : h));
    const plan = planGc(snapshot, DEFAULT_GC_LIMITS);
    assert.ok(plan.ok);
    const hostStep = plan.steps.find((s) => s.path === hostPath(f.setup.prefix, HOSTS.a));
    assert.ok(hostStep !== undefined, JSON.stringify(plan.steps));
    // A comes back now, between the plan and the delete.
    assert.equal((await sw(f, HOSTS.a, ['heartbeat'])).code, 0);
    assert.equal(await applyGcStep(session, hostStep), 'kept: changed meanwhile');
    assert.notEqual(await session.exists(hostPath(f.setup.prefix, HOSTS.a)), null, 'the returning host keeps its record');
    // Refused when nobody is fresh ("later" with no beat then): the clock or the fleet is wrong.
    const refused = await sw(f, HOSTS.a, ['gc', '--now', iso(later)]);
    assert.equal(refused.code, 78);
    assert.match(refused.stderr, /no host has a fresh heartbeat/);
    const dry = await sw(f, HOSTS.a, ['gc', '--now', iso(later), '--force', '--dry-run']);
    assert.match(dry.stdout, /would remove .*hosts\/a\.fleet\.test/);
    assert.notEqual(await session.exists(hostPath(f.setup.prefix, HOSTS.a)), null, '--dry-run removes nothing');
    const real = await sw(f, HOSTS.a, ['gc', '--now', iso(later), '--force']);
    assert.equal(real.code, 0, real.stderr);
    assert.equal(await session.exists(hostPath(f.setup.prefix, HOSTS.a)), null);
  } finally {
    await session.close(500);
  }
});

test('metrics bigger than a pipe holds reach a slow reader whole (no cut at 64 KiB when switchman exits)', opts, async () => {
  const jobs = Array.from({ length: 400 }, (_, i) => ({ lock: `bulk-job-${String(i).padStart(3, '0')}`, schedule: `${i % 60} * * * *` }));
  const f = await fleet({ batch: [HOSTS.a] }, { [HOSTS.a]: { 'acme-bulk': manifest('acme-bulk', '1.0', 'batch', jobs) } });
  await beatAll(f);
  const whole = await sw(f, HOSTS.a, ['metrics']);
  assert.ok(whole.stdout.length > 70_000, `metrics are ${whole.stdout.length} bytes: more than a pipe holds`);
  const command = [NODE, ...shebangFlags(BUNDLE), BUNDLE, 'metrics', '-c', f.configs[HOSTS.a] as string].map((w) => `'${w}'`).join(' ');
  const slow = spawnSync('/bin/sh', ['-c', `${command} | (sleep 1; wc -c)`], { env: testEnv({ SWITCHMAN_HOSTNAME: HOSTS.a }), encoding: 'utf8' });
  // The same fleet a moment later: only the heartbeat's age may differ, never the length by much.
  assert.ok(Math.abs(Number(slow.stdout.trim()) - whole.stdout.length) < 100, `a slow reader got ${slow.stdout.trim()} of ${whole.stdout.length} bytes`);
});
