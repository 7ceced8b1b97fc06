// `switchman metrics`: the fleet in Prometheus' text exposition format, version 0.0.4
// (Content-Type: text/plain; version=0.0.4). Every family has # HELP and # TYPE, families and
// samples are sorted, label values escaped, and only finite numbers are written. Jobs that never
// ran or never succeeded show 0 as their timestamp, so `time() - x > N` alerts fire for them too.
// --no-lock runs (records per host) are not exported: their families would need a host label.
import { compareText, countingManifests } from './evaluate.js';
import type { FleetReport } from './evaluate.js';
import { resolveGroupHosts } from '../groups.js';
import { exitCodeOf } from './nagios.js';
import type { RunResult } from './records.js';
import type { FleetSnapshot, LocalView } from './snapshot.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type MetricType = 'gauge' | 'counter';

interface Sample {
  labels: [string, string][];
  value: number;
}

interface Family {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

/** A label value in the text format: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as Prometheus parses it (Go's ParseFloat): integers plainly, others shortest round-trip. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return Object.is(value, -0) ? '0' : String(value);
}

function compareSamples(a: Sample, b: Sample): number {
  for (let i = 0; i < Math.max(a.labels.length, b.labels.length); i++) {
    const x = a.labels[i];
    const y = b.labels[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const c = compareText(x[0], y[0]) || compareText(x[1], y[1]);
    if (c !== 0) return c;
  }
  return 0;
}

function render(families: Family[]): string {
  const out: string[] = [];
  for (const family of [...families].sort((a, b) => compareText(a.name, b.name))) {
    out.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    out.push(`# TYPE ${family.name} ${family.type}`);
    for (const s of [...family.samples].sort(compareSamples)) {
      const labels = s.labels.length === 0 ? '' : `{${s.labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
      out.push(`${family.name}${labels} ${formatValue(s.value)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Collects a family's samples; a label set given twice keeps one sample (the sum, for counts of things). */
class Builder {
  readonly families = new Map<string, Family & { keys: Map<string, Sample> }>();

  family(name: string, type: MetricType, help: string): void {
    this.families.set(name, { name, type, help, samples: [], keys: new Map() });
  }

  add(name: string, labels: [string, string][], value: number, sum = false): void {
    if (!Number.isFinite(value)) return;
    const family = this.families.get(name);
    if (family === undefined) throw new Error(`metrics: no family ${name}`);
    const key = JSON.stringify(labels);
    const existing = family.keys.get(key);
    if (existing !== undefined) {
      existing.value = sum ? existing.value + value : Math.max(existing.value, value);
      return;
    }
    const sample = { labels, value };
    family.keys.set(key, sample);
    family.samples.push(sample);
  }
}

const seconds = (ms: number): number => ms / 1000;
const timestamp = (iso: string | undefined): number => {
  if (iso === undefined) return 0;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : Number.NaN;
};

const RESULTS: readonly RunResult[] = ['ok', 'failed', 'stopped'];

/**
 * The metrics of a snapshot and its check report. `local` is this box's view: its manifests
 * name jobs not published yet, so they get their job_* series from here on.
 */
export function formatMetrics(snapshot: FleetSnapshot, report: FleetReport, local?: LocalView): string {
  const b = new Builder();
  const now = snapshot.nowMs;
  const P = 'switchman_';
  b.family(`${P}check_status`, 'gauge', 'Status of switchman check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.');
  b.family(`${P}jobs_overdue`, 'gauge', 'Jobs that missed scheduled starts (dead man\'s switch), paused jobs excluded.');
  b.family(`${P}job_overdue`, 'gauge', '1 when the job missed scheduled starts, else 0.');
  b.family(`${P}job_last_run_timestamp_seconds`, 'gauge', 'End of the job\'s last run, seconds since the epoch; 0 if it never ran.');
  b.family(`${P}job_last_success_timestamp_seconds`, 'gauge', 'End of the job\'s last successful run, seconds since the epoch; 0 if it never succeeded.');
  b.family(`${P}job_last_exit_code`, 'gauge', 'switchman\'s exit code for the job\'s last run.');
  b.family(`${P}job_last_duration_seconds`, 'gauge', 'Duration of the job\'s last run.');
  b.family(`${P}job_runs_total`, 'counter', 'Finished runs of the job by result (ok, failed, stopped).');
  b.family(`${P}job_running`, 'gauge', '1 for each lock held, by the host holding it.');
  b.family(`${P}host_heartbeat_age_seconds`, 'gauge', 'Age of the host\'s last heartbeat (ZooKeeper server clock).');
  b.family(`${P}host_draining`, 'gauge', '1 when the host is drained, else 0.');
  b.family(`${P}group_hosts`, 'gauge', 'Hosts the groups document lists for the group, by state (fresh, stale, draining).');

  b.add(`${P}check_status`, [], exitCodeOf(report.status));
  b.add(`${P}jobs_overdue`, [], report.counts.jobsOverdue);

  // Jobs: the manifests' (with their group) and every lock with a record.
  const counting = countingManifests(snapshot, local);
  const groupOf = new Map<string, string>();
  for (const job of counting.jobs.values()) groupOf.set(job.lock, job.group);
  for (const verdict of report.jobs) groupOf.set(verdict.lock, verdict.group);
  const runsOf = new Map(snapshot.runs.filter((r) => r.runs !== undefined).map((r) => [r.lock, r.runs!]));
  for (const [lock, runs] of runsOf) if (!groupOf.has(lock)) groupOf.set(lock, runs.last.group ?? '');
  for (const verdict of report.jobs) b.add(`${P}job_overdue`, [['lock', verdict.lock], ['group', verdict.group]], verdict.overdue ? 1 : 0);
  for (const [lock, group] of groupOf) {
    const labels: [string, string][] = [['lock', lock], ['group', group]];
    const runs = runsOf.get(lock);
    b.add(`${P}job_last_run_timestamp_seconds`, labels, timestamp(runs?.last.end));
    b.add(`${P}job_last_success_timestamp_seconds`, labels, timestamp(runs?.lastSuccess?.end));
    if (runs === undefined) continue;
    b.add(`${P}job_last_exit_code`, labels, runs.last.exitCode);
    b.add(`${P}job_last_duration_seconds`, labels, seconds(runs.last.durationMs));
    for (const result of RESULTS) b.add(`${P}job_runs_total`, [['lock', lock], ['result', result]], runs.counts[result]);
  }
  for (const held of snapshot.locks) b.add(`${P}job_running`, [['lock', held.lock], ['host', held.host]], 1, true);

  // Hosts.
  const hosts = new Set<string>([...snapshot.hosts.map((h) => h.host), ...Object.keys(snapshot.control.drained)]);
  for (const h of snapshot.hosts) b.add(`${P}host_heartbeat_age_seconds`, [['host', h.host]], seconds(Math.max(0, now - h.mtimeMs)));
  const fresh = new Set(snapshot.hosts.filter((h) => h.beat !== undefined && now - h.mtimeMs <= report.thresholds.heartbeatStaleMs).map((h) => h.host));
  const groupHosts = new Map<string, string[]>();
  if (typeof snapshot.groups !== 'string') {
    for (const name of snapshot.groups.keys()) {
      const resolved = resolveGroupHosts(snapshot.groups, name);
      if (!resolved.ok) continue;
      groupHosts.set(name, [...resolved.hosts]);
      for (const h of resolved.hosts) hosts.add(h);
    }
  }
  for (const group of counting.groups.keys()) if (!groupHosts.has(group)) groupHosts.set(group, []);
  for (const host of hosts) b.add(`${P}host_draining`, [['host', host]], snapshot.control.drained[host] === undefined ? 0 : 1);
  for (const [group, members] of groupHosts) {
    const tally = { fresh: 0, stale: 0, draining: 0 };
    for (const h of members) {
      if (snapshot.control.drained[h] !== undefined) tally.draining++;
      else if (fresh.has(h)) tally.fresh++;
      else tally.stale++;
    }
    for (const state of ['fresh', 'stale', 'draining'] as const) b.add(`${P}group_hosts`, [['group', group], ['state', state]], tally[state]);
  }
  return render([...b.families.values()]);
}
