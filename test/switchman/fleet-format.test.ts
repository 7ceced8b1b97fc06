// The outputs of a fleet report: Nagios/Icinga plugin text and exit code, the --json document,
// and Prometheus' text exposition format (checked by a small parser here, and by promtool).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { JobsManifest } from '../../src/contract/jobs-manifest.js';
import { parseSchedule } from '../../src/schedule/index.js';
import { parseGroupsDocument } from '../../src/switchman/groups.js';
import { DEFAULT_THRESHOLDS, evaluateFleet } from '../../src/switchman/fleet/evaluate.js';
import type { FleetReport } from '../../src/switchman/fleet/evaluate.js';
import { makeHostBeat } from '../../src/switchman/fleet/heartbeat.js';
import { exitCodeOf, formatCheckJson, formatNagios, perfItem, perfLabel } from '../../src/switchman/fleet/nagios.js';
import { escapeLabelValue, formatMetrics, formatValue } from '../../src/switchman/fleet/prometheus.js';
import { emptyControl, mergeRun } from '../../src/switchman/fleet/records.js';
import type { Control, JobRuns, RunResult } from '../../src/switchman/fleet/records.js';
import type { FleetSnapshot, HeldLock, HostEntry, JobRunsEntry, LocalView } from '../../src/switchman/fleet/snapshot.js';

const NOW = Date.parse('2026-03-10T12:10:00Z');
const HOUR = 3_600_000;

function manifest(pkg: string, group: string, jobs: [string, string][], version = '1.0'): JobsManifest {
  return {
    schemaVersion: 2,
    package: pkg,
    version,
    group,
    jobs: jobs.map(([lock, schedule]) => ({ lockName: lock, schedule, cron: parseSchedule(schedule).model ?? null, user: 'root', script: lock, scriptPath: `/usr/bin/${lock}`, params: '' })),
  };
}

function record(lock: string, runs: { start: number; result?: RunResult; durationMs?: number }[], group: string | null = 'batch'): JobRunsEntry {
  let merged: JobRuns | undefined;
  for (const r of runs) {
    const result = r.result ?? 'ok';
    const durationMs = r.durationMs ?? 61_500;
    merged = mergeRun(merged, {
      runId: `r${r.start}`,
      host: 'a.example',
      pid: 1,
      lock,
      group,
      start: new Date(r.start).toISOString(),
      end: new Date(r.start + durationMs).toISOString(),
      durationMs,
      exitCode: result === 'failed' ? 2 : 0,
      result,
      cause: null,
      status: result === 'failed' ? 'code:2' : 'code:0',
      peakRssKb: null,
      switchmanVersion: '0.1.0',
    });
  }
  return { lock, runs: merged, mtimeMs: NOW, version: 1 };
}

interface Spec {
  groups?: Record<string, unknown> | string;
  hosts?: Record<string, { age: number; installed: JobsManifest[]; timeZone?: string }>;
  runs?: JobRunsEntry[];
  locks?: HeldLock[];
  control?: Partial<Control>;
  local?: Partial<LocalView>;
}

const BATCH = manifest('acme-batch', 'batch', [
  ['hourly-report', '0 * * * *'],
  ['never-ran', '0 3 * * *'],
  ['odd "name" \\ with\nnewline', '@reboot'],
]);

function build(spec: Spec = {}): { snapshot: FleetSnapshot; local: LocalView; report: FleetReport } {
  const parsed = typeof spec.groups === 'string' ? undefined : parseGroupsDocument(JSON.stringify({ groups: spec.groups ?? { batch: ['a.example', 'b.example'] } }));
  const groups = typeof spec.groups === 'string' ? spec.groups : parsed?.ok ? parsed.groups : 'bad';
  const hostSpecs = spec.hosts ?? { 'a.example': { age: 10_000, installed: [BATCH] }, 'b.example': { age: 20_000, installed: [BATCH] } };
  const hosts: HostEntry[] = Object.entries(hostSpecs).map(([host, h]) => ({
    host,
    beat: makeHostBeat({ host, nowMs: NOW - h.age, version: '0.1.0', timeZone: h.timeZone ?? 'UTC', groups: typeof groups === 'string' ? undefined : groups, manifests: h.installed }),
    mtimeMs: NOW - h.age,
    version: 1,
  }));
  const manifests = [...new Map(Object.values(hostSpecs).flatMap((h) => h.installed.map((m) => [`${m.package}@${m.version}`, { manifest: m, firstSeenMs: NOW - HOUR / 2 }] as const))).values()];
  const snapshot: FleetSnapshot = {
    nowMs: NOW,
    prefix: '/switchman',
    groups,
    hosts,
    manifests,
    runs: spec.runs ?? [record('hourly-report', [{ start: Date.parse('2026-03-10T11:00:01Z') }, { start: Date.parse('2026-03-10T12:00:01Z') }])],
    hostRuns: [],
    locks: spec.locks ?? [],
    control: { ...emptyControl(), ...spec.control },
  };
  const local: LocalView = { host: 'a.example', configured: true, zkError: undefined, manifests: [], manifestErrors: [], timeZone: 'UTC', ...spec.local };
  return { snapshot, local, report: evaluateFleet(snapshot, local, { ...DEFAULT_THRESHOLDS }) };
}

const drain = (reason: string): Partial<Control> => ({ drained: { 'b.example': { by: 'ops', at: '2026-03-10T08:00:00.000Z', reason, letRunningFinish: false } } });

// ---- Nagios ----

const FIRST_LINE = /^SWITCHMAN (OK|WARNING|CRITICAL|UNKNOWN) - ([^|\n]+) \| ((?:'(?:[^']|'')+'|[^ =']+)=-?[\d.]+(?:;[^; ]*){0,4})(?: ((?:'(?:[^']|'')+'|[^ =']+)=-?[\d.]+(?:;[^; ]*){0,4}))*$/;

test('nagios: exit codes 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, as the report status', () => {
  assert.deepEqual((['ok', 'warning', 'critical', 'unknown'] as const).map(exitCodeOf), [0, 1, 2, 3]);
  const ok = formatNagios(build().report);
  assert.equal(ok.exitCode, 0);
  const warning = formatNagios(build({ control: drain('disk') }).report);
  assert.equal(warning.exitCode, 1);
  const critical = formatNagios(build({ local: { zkError: 'no answer from ZooKeeper at zk:2181 within 10 s' } }).report);
  assert.equal(critical.exitCode, 2);
  const unknown = formatNagios(build({ groups: { batch: 'a.example' }, hosts: { 'a.example': { age: 0, installed: [BATCH], timeZone: 'Nowhere/Atlantis' } } }).report);
  assert.equal(unknown.exitCode, 3);
  for (const out of [ok, warning, critical, unknown]) {
    const first = out.text.split('\n')[0]!;
    assert.match(first, FIRST_LINE);
    assert.ok(out.text.endsWith('\n'));
  }
  assert.match(critical.text.split('\n')[0]!, /^SWITCHMAN CRITICAL - 1 critical: ZooKeeper unreachable from a\.example: no answer from ZooKeeper/);
});

test('nagios: the OK summary, then one long-output line per finding, worst first', () => {
  const ok = formatNagios(build().report).text;
  assert.equal(ok.split('\n')[0]!.split(' | ')[0], 'SWITCHMAN OK - 2 hosts (2 fresh), 1 group, 3 jobs, all ran on time');
  assert.equal(ok.split('\n').length, 2, 'one line and the final newline');
  const bad = build({
    control: { ...drain('disk'), pausedJobs: { 'never-ran': { by: 'ops', at: '2026-03-10T08:00:00.000Z', reason: '' } } },
    groups: { batch: ['b.example'] },
  });
  const text = formatNagios(bad.report).text;
  const lines = text.trimEnd().split('\n');
  assert.match(lines[0]!, /^SWITCHMAN CRITICAL - 1 critical, 2 warning: group batch: no host can run its jobs/);
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(':')[0]),
    ['CRITICAL', 'WARNING', 'WARNING'],
  );
  assert.equal(lines.length, 1 + bad.report.findings.length);
  assert.match(lines[2]!, /^WARNING: host b\.example drained by ops/);
});

test('nagios: "|" in a message cannot start perf data; control characters become spaces', () => {
  const out = formatNagios(build({ control: drain('swap | reboot\tnow') }).report).text;
  const lines = out.trimEnd().split('\n');
  assert.equal(lines[0]!.split('|').length, 2, 'one "|" on the first line: the perf data separator');
  for (const l of lines.slice(1)) assert.ok(!l.includes('|'), l);
  assert.match(lines[1]!, /swap \/ reboot\\u0009now/);
});

test('nagios: perf data is label=value;warn;crit;min;max from the counts', () => {
  const { report } = build({ groups: { batch: ['b.example'] }, control: drain('disk') });
  const perf = formatNagios(report).text.split('\n')[0]!.split(' | ')[1]!;
  const items = Object.fromEntries(perf.split(' ').map((item) => item.split('=') as [string, string]));
  assert.deepEqual(Object.keys(items), [
    'hosts',
    'hosts_fresh',
    'hosts_stale',
    'hosts_draining',
    'groups',
    'groups_without_host',
    'groups_missing',
    'jobs',
    'jobs_overdue',
    'jobs_failing',
    'jobs_running_long',
    'jobs_paused',
    'versions_mismatched',
  ]);
  assert.equal(items['hosts'], `${report.counts.hosts};;;0`);
  assert.equal(items['groups_without_host'], '1;;0;0;1');
  assert.equal(items['hosts_draining'], '1;0;;0;2');
  assert.equal(perfItem({ label: 'x', value: 3 }), 'x=3');
  assert.equal(perfLabel('jobs overdue'), "'jobs overdue'");
  assert.equal(perfLabel("it's"), "'it''s'");
  assert.equal(perfLabel('a=b'), "'a_b'");
});

test('check --json: one document with keys in a fixed order, and a newline', () => {
  const { report } = build({ control: drain('disk') });
  const text = formatCheckJson(report);
  assert.ok(text.endsWith('}\n'));
  const doc = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(doc), ['schemaVersion', 'status', 'exitCode', 'counts', 'findings']);
  assert.equal(doc['status'], 'warning');
  assert.equal(doc['exitCode'], 1);
  const findings = doc['findings'] as Record<string, unknown>[];
  assert.deepEqual(Object.keys(findings[0]!), ['status', 'check', 'subject', 'expected', 'seen', 'message']);
  assert.equal(formatCheckJson(build({ control: drain('disk') }).report), text, 'deterministic');
});

// ---- Prometheus ----

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const SAMPLE = new RegExp(`^(${NAME})(\\{(?:${LABEL})(?:,${LABEL})*\\})? (-?\\d+(?:\\.\\d+)?(?:e[+-]\\d+)?)$`);

/** A strict reader of the 0.0.4 text format, as far as this output uses it. */
function parseExposition(text: string): Map<string, { type: string; samples: string[] }> {
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  const families = new Map<string, { type: string; samples: string[] }>();
  let current: string | undefined;
  let typed = false;
  const order: string[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    const help = /^# HELP (\S+) (.+)$/.exec(line);
    const type = /^# TYPE (\S+) (counter|gauge)$/.exec(line);
    if (help !== null) {
      assert.ok(!families.has(help[1]!), `second family ${help[1]}`);
      assert.match(help[1]!, new RegExp(`^${NAME}$`));
      current = help[1];
      typed = false;
      families.set(current!, { type: '', samples: [] });
      order.push(current!);
    } else if (type !== null) {
      assert.equal(type[1], current, `TYPE of ${type[1]} right after its HELP`);
      families.get(current!)!.type = type[2]!;
      typed = true;
    } else {
      const m = SAMPLE.exec(line);
      assert.ok(m !== null, `not a sample line: ${JSON.stringify(line)}`);
      assert.ok(typed && m[1] === current, `sample ${m[1]} outside its family`);
      const family = families.get(current!)!;
      const series = `${m[1]}${m[2] ?? ''}`;
      assert.ok(!family.samples.some((s) => s.startsWith(`${series} `)), `duplicate series ${series}`);
      family.samples.push(line);
    }
  }
  assert.deepEqual(order, [...order].sort(), 'families sorted');
  return families;
}

/** The label names and values of a sample line, in order. */
function labelPairs(line: string): string[] {
  return [...line.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].flatMap((m) => [m[1]!, m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))]);
}

function compareTuples(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

function richMetrics(): { text: string; report: FleetReport } {
  const { snapshot, local, report } = build({
    runs: [
      record('hourly-report', [{ start: Date.parse('2026-03-10T11:00:01Z') }, { start: Date.parse('2026-03-10T12:00:01.250Z'), result: 'failed' }]),
      record('odd "name" \\ with\nnewline', [{ start: Date.parse('2026-03-09T00:00:00Z'), result: 'stopped' }]),
      record('adhoc', [{ start: Date.parse('2026-03-01T00:00:00Z') }], null),
    ],
    locks: [{ lock: 'never-ran', host: 'b.example', pid: 9, sinceMs: NOW - 2 * HOUR }],
    control: drain('disk'),
  });
  return { text: formatMetrics(snapshot, report, local), report };
}

test('prometheus: every line follows the exposition grammar; families and samples sorted, no duplicates', () => {
  const { text } = richMetrics();
  const families = parseExposition(text);
  for (const [name, family] of families) {
    assert.ok(name.startsWith('switchman_'), name);
    assert.equal(name.endsWith('_total'), family.type === 'counter', `${name}: counters, and only counters, end in _total`);
    const keys = family.samples.map(labelPairs);
    for (let i = 1; i < keys.length; i++) assert.ok(compareTuples(keys[i - 1]!, keys[i]!) < 0, `${name}: samples sorted by labels`);
  }
  assert.deepEqual([...families.keys()], [
    'switchman_check_status',
    'switchman_group_hosts',
    'switchman_host_draining',
    'switchman_host_heartbeat_age_seconds',
    'switchman_job_last_duration_seconds',
    'switchman_job_last_exit_code',
    'switchman_job_last_run_timestamp_seconds',
    'switchman_job_last_success_timestamp_seconds',
    'switchman_job_overdue',
    'switchman_job_running',
    'switchman_job_runs_total',
    'switchman_jobs_overdue',
  ]);
  assert.ok(!/NaN|Inf/.test(text));
});

test('prometheus: the values', () => {
  const { text, report } = richMetrics();
  const has = (line: string): void => assert.ok(text.split('\n').includes(line), `missing: ${line}\n${text}`);
  has(`switchman_check_status ${exitCodeOf(report.status)}`);
  has('switchman_job_last_run_timestamp_seconds{lock="hourly-report",group="batch"} 1773144062.75');
  has('switchman_job_last_success_timestamp_seconds{lock="hourly-report",group="batch"} 1773140462.5');
  has('switchman_job_last_exit_code{lock="hourly-report",group="batch"} 2');
  has('switchman_job_last_duration_seconds{lock="hourly-report",group="batch"} 61.5');
  has('switchman_job_runs_total{lock="hourly-report",result="failed"} 1');
  has('switchman_job_runs_total{lock="hourly-report",result="ok"} 1');
  has('switchman_job_runs_total{lock="hourly-report",result="stopped"} 0');
  has('switchman_job_last_run_timestamp_seconds{lock="never-ran",group="batch"} 0');
  has('switchman_job_last_success_timestamp_seconds{lock="odd \\"name\\" \\\\ with\\nnewline",group="batch"} 0');
  has('switchman_job_last_run_timestamp_seconds{lock="adhoc",group=""} 1772323261.5');
  has('switchman_job_running{lock="never-ran",host="b.example"} 1');
  has('switchman_job_overdue{lock="hourly-report",group="batch"} 0');
  has('switchman_host_heartbeat_age_seconds{host="a.example"} 10');
  has('switchman_host_draining{host="b.example"} 1');
  has('switchman_host_draining{host="a.example"} 0');
  has('switchman_group_hosts{group="batch",state="fresh"} 1');
  has('switchman_group_hosts{group="batch",state="draining"} 1');
  has('switchman_group_hosts{group="batch",state="stale"} 0');
  has(`switchman_jobs_overdue ${report.counts.jobsOverdue}`);
  has('# TYPE switchman_job_runs_total counter');
});

test('prometheus: an overdue job is 1, and ZooKeeper down still gives a valid document', () => {
  const { snapshot, local, report } = build({ runs: [record('hourly-report', [{ start: NOW - 5 * HOUR }])] });
  const text = formatMetrics(snapshot, report, local);
  assert.ok(text.includes('switchman_job_overdue{lock="hourly-report",group="batch"} 1\n'));
  assert.ok(text.includes('switchman_jobs_overdue 1\n'));
  const down = build({ local: { zkError: 'no answer' }, groups: 'no answer', hosts: {}, runs: [] });
  const downText = formatMetrics(down.snapshot, down.report);
  parseExposition(downText);
  assert.ok(downText.includes('switchman_check_status 2\n'));
});

test('prometheus: escaping and numbers', () => {
  assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  assert.deepEqual([0, -0, 2, 1.5, 1773144062.75, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(formatValue), ['0', '0', '2', '1.5', '1773144062.75', 'NaN', '+Inf', '-Inf']);
});

// promtool (Prometheus' own parser and linter): run when on PATH. Debian ships it in the
// "prometheus" package. Under CI=true a missing promtool fails the test instead of skipping it.
const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = promtool.error === undefined && promtool.status === 0;
const inCi = process.env['CI'] === 'true';
const skip = !hasPromtool && !inCi ? 'promtool is not on PATH (Debian package "prometheus"); under CI=true this fails instead' : false;

test('prometheus: promtool check metrics accepts the output', { skip }, () => {
  assert.ok(hasPromtool, `CI=true and promtool is not on PATH (${promtool.error?.message ?? `exit ${promtool.status}`}): install Debian's "prometheus" package`);
  const down = build({ local: { zkError: 'no answer' }, groups: 'no answer', hosts: {}, runs: [] });
  for (const text of [richMetrics().text, formatMetrics(down.snapshot, down.report)]) {
    const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(result.status, 0, `promtool: ${result.stdout}${result.stderr}\n${text}`);
    assert.equal(`${result.stdout}${result.stderr}`.trim(), '', 'no lint problems');
  }
});
