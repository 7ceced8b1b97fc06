// evaluateFleet: the findings of `switchman check`, from hand-built snapshots (no ZooKeeper).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobsManifest } from '../../src/contract/jobs-manifest.js';
import { parseSchedule } from '../../src/schedule/index.js';
import { parseGroupsDocument } from '../../src/switchman/groups.js';
import type { Groups } from '../../src/switchman/groups.js';
import { DEFAULT_THRESHOLDS, evaluateFleet, formatDuration, median, RUN_START_SLACK_MS } from '../../src/switchman/fleet/evaluate.js';
import type { Finding, FleetReport, Thresholds } from '../../src/switchman/fleet/evaluate.js';
import { makeHostBeat } from '../../src/switchman/fleet/heartbeat.js';
import { emptyControl, mergeRun } from '../../src/switchman/fleet/records.js';
import type { Control, JobRuns, RunResult } from '../../src/switchman/fleet/records.js';
import type { FleetSnapshot, HeldLock, HostEntry, JobRunsEntry, LocalView, PublishedManifest } from '../../src/switchman/fleet/snapshot.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (text: string): number => Date.parse(text);

function manifest(pkg: string, group: string, jobs: [lock: string, schedule: string][], version = '1.0'): JobsManifest {
  return {
    schemaVersion: 2,
    package: pkg,
    version,
    group,
    jobs: jobs.map(([lock, schedule]) => {
      const parsed = parseSchedule(schedule);
      assert.ok(parsed.model !== undefined, `schedule ${schedule}`);
      return { lockName: lock, schedule, cron: parsed.model.reboot ? null : parsed.model, user: 'root', script: lock, scriptPath: `/usr/bin/${lock}`, params: '' };
    }),
  };
}

function groupsDoc(groups: Record<string, unknown>): Groups {
  const parsed = parseGroupsDocument(JSON.stringify({ groups }));
  assert.ok(parsed.ok);
  return parsed.groups;
}

interface HostSpec {
  /** Heartbeat age (ms before now); undefined: no record at all. */
  age?: number;
  installed?: JobsManifest[];
  timeZone?: string;
}

interface FleetSpec {
  now: number;
  groups: Record<string, unknown> | string;
  hosts: Record<string, HostSpec>;
  /** When each installed manifest was first published; default a week before now. */
  firstSeen?: Record<string, number>;
  runs?: JobRunsEntry[];
  locks?: HeldLock[];
  control?: Partial<Control>;
  local?: Partial<LocalView>;
  thresholds?: Partial<Thresholds>;
}

/** A snapshot as read-fleet would build it: beats made by makeHostBeat from the groups document. */
function build(spec: FleetSpec): { snapshot: FleetSnapshot; local: LocalView; thresholds: Thresholds } {
  const groups = typeof spec.groups === 'string' ? spec.groups : groupsDoc(spec.groups);
  const hosts: HostEntry[] = [];
  const published = new Map<string, PublishedManifest>();
  for (const [name, h] of Object.entries(spec.hosts)) {
    for (const m of h.installed ?? []) {
      const key = `${m.package}@${m.version}`;
      if (!published.has(key)) published.set(key, { manifest: m, firstSeenMs: spec.firstSeen?.[key] ?? spec.now - 7 * DAY });
    }
    if (h.age === undefined) continue;
    const mtimeMs = spec.now - h.age;
    const beat = makeHostBeat({ host: name, nowMs: mtimeMs, version: '0.1.0', timeZone: h.timeZone ?? 'UTC', groups: typeof groups === 'string' ? undefined : groups, manifests: h.installed ?? [] });
    hosts.push({ host: name, beat, mtimeMs, version: 1 });
  }
  const snapshot: FleetSnapshot = {
    nowMs: spec.now,
    prefix: '/switchman',
    groups,
    hosts,
    manifests: [...published.values()],
    runs: spec.runs ?? [],
    hostRuns: [],
    locks: spec.locks ?? [],
    control: { ...emptyControl(), ...spec.control },
  };
  const local: LocalView = { host: 'mon.example', configured: true, zkError: undefined, manifests: [], manifestErrors: [], timeZone: 'UTC', ...spec.local };
  return { snapshot, local, thresholds: { ...DEFAULT_THRESHOLDS, ...spec.thresholds } };
}

function evaluate(spec: FleetSpec): FleetReport {
  const { snapshot, local, thresholds } = build(spec);
  return evaluateFleet(snapshot, local, thresholds);
}

/** A run record of `lock`: runs given oldest first. */
function record(lock: string, runs: { start: number; durationMs?: number; result?: RunResult; host?: string; code?: number }[], group: string | null = 'batch'): JobRunsEntry {
  let merged: JobRuns | undefined;
  for (const r of runs) {
    const durationMs = r.durationMs ?? 60_000;
    const result = r.result ?? 'ok';
    const code = r.code ?? (result === 'failed' ? 1 : 0);
    merged = mergeRun(merged, {
      runId: `run-${r.start}`,
      host: r.host ?? 'a.example',
      pid: 4242,
      lock,
      group,
      start: new Date(r.start).toISOString(),
      end: new Date(r.start + durationMs).toISOString(),
      durationMs,
      exitCode: code,
      result,
      cause: result === 'stopped' ? 'signal' : null,
      status: result === 'stopped' ? 'signal:SIGTERM' : `code:${code}`,
      peakRssKb: null,
      switchmanVersion: '0.1.0',
    });
  }
  assert.ok(merged !== undefined);
  return { lock, runs: merged, mtimeMs: runs.at(-1)!.start, version: runs.length };
}

const of = (report: FleetReport, check: Finding['check']): Finding[] => report.findings.filter((f) => f.check === check);
const summary = (report: FleetReport): string[] => report.findings.map((f) => `${f.status} ${f.check} ${f.subject}`);

// A small healthy fleet: mon.example (this box) watches, a and b run group batch.
const NOW = at('2026-03-10T12:10:00Z');
const HOURLY = manifest('acme-batch', 'batch', [['hourly-report', '0 * * * *']]);
const MON = manifest('acme-mon', 'mon', []);
function healthy(extra: Partial<FleetSpec> = {}): FleetSpec {
  return {
    now: NOW,
    groups: { batch: ['a.example', 'b.example'], mon: 'mon.example' },
    hosts: { 'a.example': { age: 20_000, installed: [HOURLY] }, 'b.example': { age: 40_000, installed: [HOURLY] }, 'mon.example': { age: 10_000, installed: [MON] } },
    runs: [record('hourly-report', [{ start: at('2026-03-10T11:00:01Z') }, { start: at('2026-03-10T12:00:01Z') }])],
    ...extra,
  };
}

test('OK: every group has a fresh host, every job ran on time', () => {
  const report = evaluate(healthy());
  assert.deepEqual(report.findings, []);
  assert.equal(report.status, 'ok');
  assert.deepEqual(report.counts, {
    hosts: 3,
    hostsFresh: 3,
    hostsStale: 0,
    hostsDraining: 0,
    groups: 1,
    groupsWithoutHost: 0,
    groupsMissing: 0,
    jobs: 1,
    jobsOverdue: 0,
    jobsFailing: 0,
    jobsRunningLong: 0,
    jobsPaused: 0,
    versionsMismatched: 0,
  });
  assert.deepEqual(report.jobs, [{ lock: 'hourly-report', group: 'batch', schedule: '0 * * * *', missed: 0, overdue: false, paused: false }]);
});

test('local: ZooKeeper unreachable is CRITICAL, alone: nothing else is judged', () => {
  const { snapshot, local, thresholds } = build(healthy());
  const report = evaluateFleet({ ...snapshot, groups: 'no answer', hosts: [], manifests: [] }, { ...local, zkError: 'no answer from ZooKeeper at zk1:2181 within 10 s' }, thresholds);
  assert.equal(report.status, 'critical');
  assert.deepEqual(summary(report), ['critical local host mon.example']);
  assert.match(report.findings[0]!.message, /^ZooKeeper unreachable from mon\.example: no answer from ZooKeeper at zk1:2181 within 10 s$/);
  assert.ok(report.findings.every((f) => f.status !== 'unknown'));
  assert.equal(report.counts.jobs, 0);
});

test('local: not configured is CRITICAL; unreadable manifests here are WARNINGs', () => {
  const report = evaluate(healthy({ local: { configured: false } }));
  assert.deepEqual(summary(report), ['critical local host mon.example']);
  assert.match(report.findings[0]!.message, /not configured/);
  const errors = evaluate(healthy({ local: { manifestErrors: ['/usr/share/cronpack/jobs/x.json: not JSON'] } }));
  assert.deepEqual(summary(errors), ['warning local host mon.example']);
  assert.match(errors.findings[0]!.message, /x\.json: not JSON/);
});

test('local: this box without a heartbeat record, or with a stale one, is CRITICAL', () => {
  const spec = healthy();
  const missing = evaluate({ ...spec, hosts: { ...spec.hosts, 'mon.example': {} } });
  assert.deepEqual(summary(missing), ['critical local host mon.example']);
  assert.match(missing.findings[0]!.message, /no heartbeat record.*cron/);
  const stale = evaluate({ ...spec, hosts: { ...spec.hosts, 'mon.example': { age: 11 * MIN, installed: [MON] } } });
  assert.equal(stale.status, 'critical');
  assert.deepEqual(summary(stale), ['critical local host mon.example']);
  assert.match(stale.findings[0]!.message, /stale heartbeat.*11m ago/);
});

test('group-no-host: all hosts of a group stale is CRITICAL, each stale host a WARNING; its jobs are counted overdue, not reported', () => {
  const spec = healthy();
  const report = evaluate({ ...spec, hosts: { ...spec.hosts, 'a.example': { age: 3 * HOUR, installed: [HOURLY] }, 'b.example': { installed: [HOURLY] } } });
  assert.deepEqual(summary(report), ['critical group-no-host group batch', 'warning host-stale host a.example', 'warning host-stale host b.example']);
  const [group, a, b] = report.findings;
  assert.equal(group!.message, 'group batch: no host can run its jobs (2 hosts listed in ZooKeeper: a.example stale since 2026-03-10T09:10:00.000Z, b.example no heartbeat ever)');
  assert.equal(a!.message, 'host a.example, listed in group batch: heartbeat stale since 2026-03-10T09:10:00.000Z (3h00m ago)');
  assert.match(b!.message, /no heartbeat ever/);
  assert.equal(report.counts.groupsWithoutHost, 1);
  assert.equal(report.counts.hostsStale, 2);
  // Hourly job, last run 3 h ago... but the 12:00 run is there; make it old:
  const old = evaluate({ ...spec, hosts: { ...spec.hosts, 'a.example': { age: 3 * HOUR, installed: [HOURLY] }, 'b.example': { installed: [HOURLY] } }, runs: [record('hourly-report', [{ start: at('2026-03-10T09:00:01Z') }])] });
  assert.equal(of(old, 'job-overdue').length, 0, 'the group finding covers its jobs');
  assert.equal(old.counts.jobsOverdue, 1);
  assert.equal(old.jobs[0]!.overdue, true);
});

test('group-missing: a group the manifests use that the document lacks, or malformed, is CRITICAL', () => {
  const ghost = manifest('acme-ghost', 'ghost', [['ghostly', '0 3 * * *']]);
  const spec = healthy();
  const report = evaluate({ ...spec, groups: { batch: ['a.example', 'b.example'], mon: 'mon.example', bad: 5 }, hosts: { ...spec.hosts, 'a.example': { age: 0, installed: [HOURLY, ghost, manifest('acme-bad', 'bad', [['b', '0 4 * * *']])] } } });
  assert.deepEqual(summary(report), ['critical group-missing group bad', 'critical group-missing group ghost']);
  assert.equal(report.findings[1]!.message, 'group ghost is not in the groups document at /switchman: no host runs the jobs of acme-ghost');
  assert.match(report.findings[0]!.message, /^group bad is malformed \(group "bad" must be a host name/);
  assert.equal(report.counts.groupsMissing, 2);
  assert.equal(report.counts.groupsWithoutHost, 2);
  // A published manifest that no heartbeat lists any more does not count.
  const { snapshot, local, thresholds } = build(healthy());
  const unlisted = evaluateFleet({ ...snapshot, manifests: [...snapshot.manifests, { manifest: ghost, firstSeenMs: NOW - DAY }] }, local, thresholds);
  assert.equal(unlisted.status, 'ok');
  // ...but one installed on this box does.
  const here = evaluateFleet(snapshot, { ...local, manifests: [ghost] }, thresholds);
  assert.deepEqual(summary(here), ['critical group-missing group ghost']);
});

test('group-missing: no groups document at all is one CRITICAL', () => {
  const report = evaluate(healthy({ groups: 'no node /switchman in ZooKeeper' }));
  assert.deepEqual(summary(report), ['critical group-missing groups document']);
  assert.equal(report.findings[0]!.message, 'no groups document: no node /switchman in ZooKeeper (1 group used by jobs: batch)');
  assert.equal(report.counts.groupsMissing, 1);
});

test('group-no-host: a group that lists no host at all', () => {
  const report = evaluate(healthy({ groups: { batch: [], mon: 'mon.example' } }));
  assert.deepEqual(summary(report), ['critical group-no-host group batch']);
  assert.match(report.findings[0]!.message, /lists no host in ZooKeeper/);
});

// The dead man's switch, daily at 02:30 UTC.
const DAILY = manifest('acme-daily', 'batch', [['backup-db', '30 2 * * *']]);
function daily(now: number, runs: JobRunsEntry[], extra: Partial<FleetSpec> = {}): FleetReport {
  return evaluate({
    now,
    groups: { batch: 'a.example' },
    hosts: { 'a.example': { age: 0, installed: [DAILY] } },
    local: { host: 'a.example' },
    runs,
    ...extra,
  });
}

test('job-overdue: one scheduled start missed is WARNING, two CRITICAL, within the grace OK', () => {
  const ranMonday = [record('backup-db', [{ start: at('2026-03-09T02:30:02Z') }])];
  assert.equal(daily(at('2026-03-10T02:34:00Z'), ranMonday).status, 'ok', 'within the 5 min grace');
  const once = daily(at('2026-03-10T02:36:00Z'), ranMonday);
  assert.deepEqual(summary(once), ['warning job-overdue job backup-db']);
  assert.equal(
    once.findings[0]!.message,
    'job backup-db (group batch) missed 1 scheduled start of "30 2 * * *": the first at 2026-03-10T02:30:00.000Z (2026-03-10T02:30:00+00:00 UTC); last run started 2026-03-09T02:30:02.000Z on a.example',
  );
  assert.equal(once.findings[0]!.expected, 'a run at 2026-03-10T02:30:00.000Z');
  const twice = daily(at('2026-03-11T03:00:00Z'), ranMonday);
  assert.deepEqual(summary(twice), ['critical job-overdue job backup-db']);
  assert.match(twice.findings[0]!.message, /missed 2 scheduled starts .* the first at 2026-03-10T02:30:00\.000Z/);
  assert.equal(twice.counts.jobsOverdue, 1);
  assert.deepEqual(twice.jobs.map((j) => [j.lock, j.missed, j.overdue]), [['backup-db', 2, true]]);
  // A run clears it.
  const ran = daily(at('2026-03-11T03:00:00Z'), [record('backup-db', [{ start: at('2026-03-09T02:30:02Z') }, { start: at('2026-03-11T02:30:01Z') }])]);
  assert.equal(ran.status, 'ok');
});

test('job-overdue: a job never run is judged from when its manifest was first seen', () => {
  const installedAt = (ms: number): Partial<FleetSpec> => ({ firstSeen: { 'acme-daily@1.0': ms } });
  const fresh = daily(at('2026-03-10T12:00:00Z'), [], installedAt(at('2026-03-10T03:00:00Z')));
  assert.equal(fresh.status, 'ok', 'installed after the last scheduled start');
  const old = daily(at('2026-03-10T12:00:00Z'), [], installedAt(at('2026-03-08T12:00:00Z')));
  assert.deepEqual(summary(old), ['critical job-overdue job backup-db']);
  assert.match(old.findings[0]!.message, /no run seen since it was installed 2026-03-08T12:00:00\.000Z$/);
  // Old runs do not count from before the job's schedule was installed: an upgrade that changed it resets it.
  const changed = manifest('acme-daily', 'batch', [['backup-db', '45 2 * * *']], '1.1');
  const upgraded = daily(at('2026-03-10T12:00:00Z'), [record('backup-db', [{ start: at('2026-03-01T02:30:00Z') }])], {
    hosts: { 'a.example': { age: 0, installed: [changed] } },
    firstSeen: { 'acme-daily@1.1': at('2026-03-10T03:00:00Z') },
  });
  assert.equal(upgraded.status, 'ok');
});

test('job-overdue: a run recorded a little before its start (host clock behind) covers it', () => {
  const behind = [record('backup-db', [{ start: at('2026-03-10T02:30:00Z') - (RUN_START_SLACK_MS - 5000) }])];
  assert.equal(daily(at('2026-03-10T12:00:00Z'), behind).status, 'ok');
  const early = [record('backup-db', [{ start: at('2026-03-10T02:28:00Z') }])];
  assert.equal(daily(at('2026-03-10T12:00:00Z'), early).status, 'warning', 'two minutes early is another run');
});

test('job-overdue: counting stops after missedCritical + 1 starts (every minute, a year-old baseline)', () => {
  const minutely = manifest('acme-m', 'batch', [['tick', '* * * * *']]);
  const started = performance.now();
  const report = evaluate({
    now: NOW,
    groups: { batch: 'a.example' },
    hosts: { 'a.example': { age: 0, installed: [minutely] } },
    local: { host: 'a.example' },
    runs: [record('tick', [{ start: NOW - 365 * DAY }])],
  });
  assert.ok(performance.now() - started < 2000);
  assert.match(report.findings[0]!.message, /missed at least 3 scheduled starts of "\* \* \* \* \*"/);
  assert.equal(report.jobs[0]!.missed, 3);
});

test('job-overdue: @reboot jobs and v1 manifests (no cron model) are not judged', () => {
  const reboot = manifest('acme-r', 'batch', [['at-boot', '@reboot']]);
  const v1: JobsManifest = { ...manifest('acme-v1', 'batch', [['old', '0 1 * * *']]), jobs: [{ ...manifest('x', 'batch', [['old', '0 1 * * *']]).jobs[0]!, cron: null }] };
  const report = evaluate({ now: NOW, groups: { batch: 'a.example' }, hosts: { 'a.example': { age: 0, installed: [reboot, v1] } }, local: { host: 'a.example' } });
  assert.equal(report.status, 'ok');
  assert.equal(report.counts.jobs, 2);
});

test('a running job (held lock) is not overdue, but runs long past max(15 min, 5 × its median)', () => {
  const history = record('backup-db', [
    { start: at('2026-03-07T02:30:00Z'), durationMs: 8 * MIN },
    { start: at('2026-03-08T02:30:00Z'), durationMs: 10 * MIN },
    { start: at('2026-03-09T02:30:00Z'), durationMs: 12 * MIN },
  ]);
  const lock: HeldLock = { lock: 'backup-db', host: 'a.example', pid: 777, sinceMs: at('2026-03-10T02:30:01Z') };
  const early = daily(at('2026-03-10T03:15:00Z'), [history], { locks: [lock] });
  assert.equal(early.status, 'ok', '45 min < 5 × 10 min');
  const late = daily(at('2026-03-10T04:00:00Z'), [history], { locks: [lock] });
  assert.deepEqual(summary(late), ['warning job-running-long job backup-db']);
  assert.equal(late.findings[0]!.message, 'job backup-db has held its lock on a.example (pid 777) for 89m, since 2026-03-10T02:30:01.000Z (usual run 10m, limit 50m)');
  assert.equal(late.counts.jobsRunningLong, 1);
  // No history: 15 min alone.
  const unknown = daily(at('2026-03-10T02:50:00Z'), [], { locks: [lock], firstSeen: { 'acme-daily@1.0': at('2026-03-10T01:00:00Z') } });
  assert.deepEqual(summary(unknown), ['warning job-running-long job backup-db']);
  assert.match(unknown.findings[0]!.message, /limit 15m, no usual run time recorded/);
});

test('a job that hangs blocks its own next starts: overdue with "still running"', () => {
  const hourly = manifest('acme-h', 'batch', [['sync', '0 * * * *']]);
  const report = evaluate({
    now: at('2026-03-10T12:10:00Z'),
    groups: { batch: 'a.example' },
    hosts: { 'a.example': { age: 0, installed: [hourly] } },
    local: { host: 'a.example' },
    runs: [record('sync', [{ start: at('2026-03-10T08:00:00Z'), durationMs: 2 * MIN }])],
    locks: [{ lock: 'sync', host: 'a.example', pid: 1, sinceMs: at('2026-03-10T09:00:00Z') }],
  });
  assert.deepEqual(summary(report), ['critical job-overdue job sync', 'warning job-running-long job sync']);
  assert.match(report.findings[0]!.message, /missed at least 3 scheduled starts.*the first at 2026-03-10T10:00:00\.000Z.*; still running on a\.example since 2026-03-10T09:00:00\.000Z$/);
});

test('job-failing: one failure is WARNING, failuresCritical in a row CRITICAL, a success clears it', () => {
  const t = at('2026-03-10T02:30:00Z');
  const once = daily(at('2026-03-10T12:00:00Z'), [record('backup-db', [{ start: t - DAY }, { start: t, result: 'failed', code: 3 }])]);
  assert.deepEqual(summary(once), ['warning job-failing job backup-db']);
  assert.equal(once.findings[0]!.message, 'job backup-db failed once: the last run on a.example ended 2026-03-10T02:31:00.000Z with code:3 (exit 3); last success 2026-03-09T02:31:00.000Z');
  const runs = [0, 1, 2].map((i) => ({ start: t - (2 - i) * DAY, result: 'failed' as const }));
  const thrice = daily(at('2026-03-10T12:00:00Z'), [record('backup-db', runs)]);
  assert.deepEqual(summary(thrice), ['critical job-failing job backup-db']);
  assert.match(thrice.findings[0]!.message, /failed 3 times in a row: .*; no success recorded$/);
  assert.equal(daily(at('2026-03-10T12:00:00Z'), [record('backup-db', runs)], { thresholds: { failuresCritical: 4 } }).status, 'warning');
  const recovered = daily(at('2026-03-10T12:00:00Z'), [record('backup-db', [...runs.slice(0, 2), { start: t }])]);
  assert.equal(recovered.status, 'ok');
  assert.equal(thrice.counts.jobsFailing, 1);
});

test('paused: a paused job is one WARNING, neither overdue nor failing; a paused group one WARNING for all its jobs', () => {
  const marker = { by: 'alice@mon.example', at: '2026-03-08T09:00:00.000Z', reason: 'db migration' };
  const failedLongAgo = [record('backup-db', [{ start: at('2026-03-01T02:30:00Z'), result: 'failed' }])];
  const job = daily(at('2026-03-10T12:00:00Z'), failedLongAgo, { control: { pausedJobs: { 'backup-db': marker } } });
  assert.deepEqual(summary(job), ['warning paused job backup-db']);
  assert.equal(job.findings[0]!.message, 'job backup-db paused by alice@mon.example at 2026-03-08T09:00:00.000Z: db migration');
  assert.equal(job.counts.jobsPaused, 1);
  assert.equal(job.counts.jobsFailing, 1, 'still counted');
  assert.equal(job.counts.jobsOverdue, 0);
  assert.equal(job.jobs[0]!.paused, true);
  const group = daily(at('2026-03-10T12:00:00Z'), failedLongAgo, { control: { pausedGroups: { batch: marker } } });
  assert.deepEqual(summary(group), ['warning paused group batch']);
  assert.equal(group.findings[0]!.message, 'group batch paused by alice@mon.example at 2026-03-08T09:00:00.000Z: db migration (1 job held back)');
  assert.equal(group.counts.jobsPaused, 1);
});

test('drained: a WARNING each; the only host of a group drained makes the group CRITICAL', () => {
  const drain = { by: 'bob@a.example', at: '2026-03-10T08:00:00.000Z', reason: 'disk swap', letRunningFinish: false };
  const solo = daily(at('2026-03-10T12:00:00Z'), [record('backup-db', [{ start: at('2026-03-10T02:30:00Z') }])], { control: { drained: { 'a.example': drain } } });
  assert.deepEqual(summary(solo), ['critical group-no-host group batch', 'warning drained host a.example']);
  assert.equal(solo.findings[0]!.message, 'group batch: no host can run its jobs (1 host listed in ZooKeeper: a.example draining since 2026-03-10T08:00:00.000Z by bob@a.example)');
  assert.equal(solo.findings[1]!.message, 'host a.example drained by bob@a.example at 2026-03-10T08:00:00.000Z: disk swap (running jobs stop; still beating): undrain it after the maintenance');
  assert.equal(solo.counts.hostsDraining, 1);
  const pair = evaluate(healthy({ control: { drained: { 'a.example': drain } } }));
  assert.deepEqual(summary(pair), ['warning drained host a.example']);
  // A drained host that is also down is not reported stale as well.
  const spec = healthy({ control: { drained: { 'a.example': drain } } });
  const down = evaluate({ ...spec, hosts: { ...spec.hosts, 'a.example': { age: 2 * HOUR, installed: [HOURLY] } } });
  assert.deepEqual(summary(down), ['warning drained host a.example']);
  assert.match(down.findings[0]!.message, /heartbeat stale since 2026-03-10T10:10:00\.000Z/);
});

test('version-mismatch: fresh hosts of one group with different versions of a package', () => {
  const v2 = { ...HOURLY, version: '1.1' };
  const spec = healthy();
  const report = evaluate({ ...spec, hosts: { ...spec.hosts, 'b.example': { age: 0, installed: [v2] } } });
  assert.deepEqual(summary(report), ['warning version-mismatch package acme-batch']);
  assert.equal(report.findings[0]!.message, 'package acme-batch (group batch) differs between hosts: 1.0 on a.example; 1.1 on b.example');
  assert.equal(report.counts.versionsMismatched, 1);
  // Many hosts: a few named, then a count.
  const names = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => `${h}.example`);
  const many = evaluate({
    now: NOW,
    groups: { batch: names },
    hosts: Object.fromEntries(names.map((h, i) => [h, { age: 0, installed: [i === 5 ? v2 : HOURLY] }])),
    local: { host: 'h1.example' },
    runs: healthy().runs,
  });
  assert.equal(of(many, 'version-mismatch')[0]!.seen, '1.0 on h1.example, h2.example, h3.example and 2 more; 1.1 on h6.example');
  // A stale host's old version does not count.
  const staleOld = evaluate({ ...spec, hosts: { ...spec.hosts, 'b.example': { age: HOUR, installed: [v2] } } });
  assert.equal(of(staleOld, 'version-mismatch').length, 0);
});

test('time zone: "30 2 * * *" in Europe/Berlin across both DST changes of 2026', () => {
  const berlin = (now: number, lastStart: number): FleetReport =>
    daily(now, [record('backup-db', [{ start: lastStart }])], { hosts: { 'a.example': { age: 0, installed: [DAILY], timeZone: 'Europe/Berlin' } } });
  // Spring: 02:30 does not exist on 2026-03-29; cron runs the job at 03:00 CEST (01:00Z).
  const before = at('2026-03-28T01:30:01Z');
  assert.equal(berlin(at('2026-03-29T01:04:00Z'), before).status, 'ok', '01:30Z is not a start that day');
  const spring = berlin(at('2026-03-29T01:06:00Z'), before);
  assert.deepEqual(summary(spring), ['warning job-overdue job backup-db']);
  assert.match(spring.findings[0]!.message, /the first at 2026-03-29T01:00:00\.000Z \(2026-03-29T03:00:00\+02:00 Europe\/Berlin\)/);
  assert.equal(berlin(at('2026-03-29T06:00:00Z'), at('2026-03-29T01:00:02Z')).status, 'ok');
  // Autumn: 02:30 happens twice on 2026-10-25; cron runs a fixed-time job once (02:30 CEST, 00:30Z).
  assert.equal(berlin(at('2026-10-25T03:00:00Z'), at('2026-10-25T00:30:02Z')).status, 'ok', 'not again at 02:30 CET');
  const autumn = berlin(at('2026-10-26T01:40:00Z'), at('2026-10-25T00:30:02Z'));
  assert.match(autumn.findings[0]!.message, /the first at 2026-10-26T01:30:00\.000Z \(2026-10-26T02:30:00\+01:00 Europe\/Berlin\)/);
  // Read in UTC, the same run is a day old at 02:36Z: the zone matters.
  assert.equal(daily(at('2026-03-29T02:36:00Z'), [record('backup-db', [{ start: at('2026-03-28T02:30:01Z') }])]).status, 'warning');
  assert.equal(berlin(at('2026-03-29T02:36:00Z'), at('2026-03-29T01:00:01Z')).status, 'ok');
});

test('time zone: hosts of a group in different zones are one WARNING; the first zone (sorted) judges', () => {
  const spec = healthy();
  const report = evaluate({ ...spec, hosts: { ...spec.hosts, 'b.example': { age: 0, installed: [HOURLY], timeZone: 'Europe/Berlin' } } });
  assert.deepEqual(summary(report), ['warning time-zone-mismatch group batch']);
  assert.equal(report.findings[0]!.message, 'group batch: its hosts run cron in different time zones (Europe/Berlin on b.example; UTC on a.example); schedules are judged in Europe/Berlin');
  // No fresh host: this box's zone; the group's CRITICAL covers its jobs, even one that cannot be judged.
  const zone = evaluate({ ...spec, hosts: { ...spec.hosts, 'a.example': { age: HOUR, installed: [HOURLY], timeZone: 'Europe/Berlin' }, 'b.example': { age: HOUR, installed: [HOURLY] } }, local: { timeZone: 'Nowhere/Atlantis' } });
  assert.deepEqual(summary(zone), ['critical group-no-host group batch', 'warning host-stale host a.example', 'warning host-stale host b.example']);
});

test('a zone Intl does not know makes the job UNKNOWN (and the report, when nothing is worse)', () => {
  const report = evaluate({
    now: NOW,
    groups: { batch: 'a.example' },
    hosts: { 'a.example': { age: 0, installed: [DAILY], timeZone: 'Nowhere/Atlantis' } },
    local: { host: 'a.example' },
  });
  assert.deepEqual(summary(report), ['unknown job-overdue job backup-db']);
  assert.equal(report.status, 'unknown');
  assert.match(report.findings[0]!.message, /cannot judge "30 2 \* \* \*" in time zone Nowhere\/Atlantis/);
});

test('findings are sorted: critical, warning, unknown; then check order, subject; and reports are deterministic', () => {
  const spec = healthy();
  const make = (): FleetReport =>
    evaluate({
      ...spec,
      groups: { batch: ['a.example', 'b.example'], mon: 'mon.example' },
      hosts: { ...spec.hosts, 'a.example': { age: HOUR, installed: [HOURLY, manifest('acme-z', 'zz', [['z', '0 0 * * *']])] }, 'b.example': { installed: [HOURLY] } },
      control: {
        pausedJobs: { zeta: { by: 'x', at: '', reason: '' }, alpha: { by: 'x', at: '', reason: 'a | b\nc' } },
        drained: { 'c.example': { by: 'y', at: '2026-01-01T00:00:00.000Z', reason: '', letRunningFinish: true } },
      },
      runs: [record('hourly-report', [{ start: at('2026-03-10T12:00:01Z'), result: 'failed' }])],
    });
  const report = make();
  assert.deepEqual(summary(report), [
    'critical group-missing group zz',
    'critical group-no-host group batch',
    'warning job-failing job hourly-report',
    'warning host-stale host a.example',
    'warning host-stale host b.example',
    'warning drained host c.example',
    'warning paused job alpha',
    'warning paused job zeta',
  ]);
  assert.deepEqual(make(), report);
  assert.ok(report.findings.every((f) => !/[\n\r]/.test(f.message)), 'one line each');
  assert.match(report.findings.find((f) => f.subject === 'job alpha')!.message, /a \| b\\u000ac/);
});

test('helpers: median and durations', () => {
  assert.equal(median([]), undefined);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.deepEqual([45_000, 12 * MIN, 125 * MIN, 3 * DAY + 4 * HOUR].map(formatDuration), ['45s', '12m', '2h05m', '3d04h']);
});

test('manifest-unpublished: a package a fresh host has installed whose manifest is not in ZooKeeper is a WARNING', () => {
  const { snapshot, local, thresholds } = build(healthy());
  const without = { ...snapshot, manifests: snapshot.manifests.filter((p) => p.manifest.package !== 'acme-batch') };
  const report = evaluateFleet(without, local, thresholds);
  assert.deepEqual(
    report.findings.filter((f) => f.check === 'manifest-unpublished').map((f) => `${f.status} ${f.subject}: ${f.message}`),
    ['warning package acme-batch: package acme-batch 1.0 is installed on a.example, b.example but its jobs manifest is not in ZooKeeper (too large, over 1 MB?): its jobs are not judged'],
  );
  assert.deepEqual(of(evaluate(healthy()), 'manifest-unpublished'), []);
});
