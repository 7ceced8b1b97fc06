// The findings of `switchman check` (and the verdicts `switchman metrics` exports): a pure
// function of one FleetSnapshot and this box's LocalView. No I/O and no clock: "now" is
// snapshot.nowMs, so `--now` replays what the check would have said at any instant.
//
// Choices worth knowing (docs for operators belong in docs/switchman-fleet.md):
// - Severity: CRITICAL > WARNING > UNKNOWN > OK (monitoring-plugins' max_state_alt). UNKNOWN
//   only comes from a job whose schedule cannot be judged (a zone Intl does not know).
// - A run's start is the host's clock: it covers a scheduled start up to RUN_START_SLACK_MS
//   before it, so a host a few seconds behind does not miss every run it made.
// - A held lock is a run (its start is on the server's clock): a job that hangs blocks its own
//   next starts, and after missedCritical of them it is CRITICAL overdue, not only running long.
// - Long run: the limit is max(longRunMinMs, longRunFactor × median of the last successful
//   durations); with no successful run recorded, longRunMinMs alone.
// - A paused job (or a job of a paused group) is neither overdue nor failing: the pause, one
//   WARNING of its own, is the operator's acknowledgement. It can still run long (the lock
//   is real). Counts keep counting it as failing.
// - A drained host is not also reported stale: its drain WARNING says whether it still beats.
import type { ManifestJob, JobsManifest } from '../../contract/jobs-manifest.js';
import type { ScheduleModel } from '../../schedule/model.js';
import { nextRuns } from '../../schedule/next-runs.js';
import { formatInZone, ZoneOffsets } from '../../schedule/zone.js';
import { printable } from '../config.js';
import { resolveGroupHosts } from '../groups.js';
import { UNVERSIONED } from './heartbeat.js';
import type { JobRuns, Marker } from './records.js';
import type { FleetSnapshot, HeldLock, HostEntry, LocalView } from './snapshot.js';

export interface Thresholds {
  /** A heartbeat (node mtime, server clock) older than this is stale. */
  heartbeatStaleMs: number;
  /** How long after a scheduled start a missing run starts to count as missed. */
  missedGraceMs: number;
  /** Missed scheduled starts (in a row, since the last run) for WARNING. */
  missedWarning: number;
  /** Missed scheduled starts for CRITICAL. */
  missedCritical: number;
  /** A lock held longer than this × the job's usual (median) run time is running long... */
  longRunFactor: number;
  /** ...and never before this; the only limit for a job with no successful run recorded. */
  longRunMinMs: number;
  /** Consecutive failed runs for CRITICAL; 1 up to this - 1 is WARNING. */
  failuresCritical: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  heartbeatStaleMs: 5 * 60_000,
  missedGraceMs: 5 * 60_000,
  missedWarning: 1,
  missedCritical: 2,
  longRunFactor: 5,
  longRunMinMs: 15 * 60_000,
  failuresCritical: 3,
});

/** A run recorded as started up to this long before a scheduled start covers it (host clocks drift). */
export const RUN_START_SLACK_MS = 30_000;

/** The checks, in the order findings of one status are listed. */
export const CHECK_NAMES = [
  'local',
  'group-missing',
  'group-no-host',
  'job-overdue',
  'job-failing',
  'job-running-long',
  'host-stale',
  'drained',
  'paused',
  'version-mismatch',
  'time-zone-mismatch',
  'manifest-unpublished',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export type FindingStatus = 'warning' | 'critical' | 'unknown';
export type ReportStatus = 'ok' | FindingStatus;

export interface Finding {
  status: FindingStatus;
  check: CheckName;
  /** What it is about: "job backup-db", "host box1.example", "group scripts2", "package acme". */
  subject: string;
  expected: string;
  seen: string;
  /** One line, for a human. */
  message: string;
}

/** Perf data: plain counts over the fleet. */
export interface FleetCounts {
  /** Hosts with a record, listed by the groups document, or drained. */
  hosts: number;
  hostsFresh: number;
  /** Not fresh: stale, unreadable or never beat (hostsFresh + hostsStale = hosts). */
  hostsStale: number;
  /** Drained (fresh or not). */
  hostsDraining: number;
  /** Groups used by the jobs manifests that count. */
  groups: number;
  /** Of those: no host can run their jobs (missing groups included). */
  groupsWithoutHost: number;
  /** Of those: not in the groups document, malformed, or no document at all. */
  groupsMissing: number;
  /** Distinct lock names in the manifests that count. */
  jobs: number;
  /** Jobs that missed at least missedWarning starts, also those not reported (group without host). */
  jobsOverdue: number;
  /** Run records whose last run failed. */
  jobsFailing: number;
  jobsRunningLong: number;
  /** Manifest jobs paused by a job or group pause, and paused lock names no manifest lists. */
  jobsPaused: number;
  /** (group, package) pairs whose fresh hosts list different versions. */
  versionsMismatched: number;
}

/** The verdict on one manifest job, for metrics. */
export interface JobVerdict {
  lock: string;
  group: string;
  schedule: string;
  /** Scheduled starts missed since the baseline, counted up to missedCritical + 1; 0 when not judged. */
  missed: number;
  overdue: boolean;
  paused: boolean;
}

export interface FleetReport {
  status: ReportStatus;
  /** Critical first, then warning, then unknown; then by check (CHECK_NAMES order), subject, message. */
  findings: Finding[];
  counts: FleetCounts;
  /** Every job of the manifests that count, sorted by lock. */
  jobs: JobVerdict[];
  /** What the report was judged with (metrics' fresh/stale split uses heartbeatStaleMs). */
  thresholds: Thresholds;
}

const STATUS_RANK: Record<ReportStatus, number> = { critical: 0, warning: 1, unknown: 2, ok: 3 };

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    CHECK_NAMES.indexOf(a.check) - CHECK_NAMES.indexOf(b.check) ||
    compareText(a.subject, b.subject) ||
    compareText(a.message, b.message)
  );
}

/** The worst status of the findings (CRITICAL > WARNING > UNKNOWN > OK). */
export function worstStatus(findings: readonly Finding[]): ReportStatus {
  let worst: ReportStatus = 'ok';
  for (const f of findings) if (STATUS_RANK[f.status] < STATUS_RANK[worst]) worst = f.status;
  return worst;
}

/** Text from ZooKeeper or a person (reasons, names, errors) as one printable line. */
function line(text: string, max = 200): string {
  return printable(text, max);
}

/** ISO 8601 UTC, or "?" for an instant that is not one. */
export function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : '?';
}

/** A duration for people: "45s", "12m", "2h05m", "3d04h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** The first `max` items, then "and N more". */
function few(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

function marked(marker: Marker): string {
  return `by ${line(marker.by, 80)} at ${line(marker.at, 40) || '?'}${marker.reason === '' ? '' : `: ${line(marker.reason)}`}`;
}

/** The median of a list of numbers; undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A job of the manifests that count, merged over the packages and versions listing it. */
export interface CountingJob {
  lock: string;
  group: string;
  schedule: string;
  cron: ScheduleModel | null;
  /** When the fleet first saw this job with this schedule and group; undefined: only installed here, not published yet. */
  firstSeenMs: number | undefined;
  package: string;
}

export interface CountingManifests {
  manifests: JobsManifest[];
  /** By lock name. */
  jobs: Map<string, CountingJob>;
  /** Group -> the packages (sorted) whose manifests use it. */
  groups: Map<string, string[]>;
}

/**
 * The manifests that count: those published in ZooKeeper that at least one host's heartbeat
 * lists, plus those installed on this box. A lock name listed twice takes the newest published
 * manifest's job (then this box's); its firstSeenMs is the earliest publication of that same
 * schedule in that same group, so an upgrade that keeps the schedule does not reset it.
 */
export function countingManifests(snapshot: FleetSnapshot, local: LocalView | undefined): CountingManifests {
  const listed = new Set<string>();
  for (const h of snapshot.hosts) for (const p of h.beat?.packages ?? []) listed.add(`${p.package}\u0000${p.version}`);
  const published = snapshot.manifests
    .filter((p) => listed.has(`${p.manifest.package}\u0000${p.manifest.version ?? UNVERSIONED}`))
    .sort((a, b) => b.firstSeenMs - a.firstSeenMs || compareText(a.manifest.package, b.manifest.package) || compareText(a.manifest.version ?? '', b.manifest.version ?? ''));
  const manifests: JobsManifest[] = published.map((p) => p.manifest);
  const jobs = new Map<string, CountingJob>();
  const take = (m: JobsManifest, job: ManifestJob, firstSeenMs: number | undefined): void => {
    if (jobs.has(job.lockName)) return;
    jobs.set(job.lockName, { lock: job.lockName, group: m.group, schedule: job.schedule, cron: job.cron, firstSeenMs, package: m.package });
  };
  for (const p of published) for (const job of p.manifest.jobs) take(p.manifest, job, p.firstSeenMs);
  for (const m of [...(local?.manifests ?? [])].sort((a, b) => compareText(a.package, b.package))) {
    manifests.push(m);
    for (const job of m.jobs) take(m, job, undefined);
  }
  // The earliest publication of the job as it is now.
  for (const p of published) {
    for (const job of p.manifest.jobs) {
      const chosen = jobs.get(job.lockName);
      if (chosen === undefined || chosen.group !== p.manifest.group || chosen.schedule !== job.schedule) continue;
      if (chosen.firstSeenMs === undefined || p.firstSeenMs < chosen.firstSeenMs) chosen.firstSeenMs = p.firstSeenMs;
    }
  }
  const groups = new Map<string, string[]>();
  for (const m of manifests) {
    if (m.jobs.length === 0) continue;
    const packages = groups.get(m.group) ?? [];
    if (!packages.includes(m.package)) packages.push(m.package);
    groups.set(m.group, packages);
  }
  for (const packages of groups.values()) packages.sort(compareText);
  return { manifests, jobs, groups };
}

type HostState = 'fresh' | 'stale' | 'unreadable' | 'never';

class Fleet {
  readonly now: number;
  readonly hostByName = new Map<string, HostEntry>();
  readonly runsByLock = new Map<string, JobRuns>();
  readonly hostRunsByLock = new Map<string, { host: string; runs: JobRuns }[]>();
  readonly locksByName = new Map<string, HeldLock[]>();

  constructor(
    readonly snapshot: FleetSnapshot,
    readonly thresholds: Thresholds,
  ) {
    this.now = snapshot.nowMs;
    for (const h of snapshot.hosts) this.hostByName.set(h.host, h);
    for (const r of snapshot.runs) if (r.runs !== undefined) this.runsByLock.set(r.lock, r.runs);
    for (const r of snapshot.hostRuns) {
      if (r.runs === undefined) continue;
      const list = this.hostRunsByLock.get(r.lock) ?? [];
      list.push({ host: r.host, runs: r.runs });
      this.hostRunsByLock.set(r.lock, list);
    }
    for (const l of snapshot.locks) {
      const list = this.locksByName.get(l.lock) ?? [];
      list.push(l);
      this.locksByName.set(l.lock, list);
    }
  }

  state(host: string): HostState {
    const entry = this.hostByName.get(host);
    if (entry === undefined) return 'never';
    if (entry.beat === undefined) return 'unreadable';
    return this.now - entry.mtimeMs <= this.thresholds.heartbeatStaleMs ? 'fresh' : 'stale';
  }

  drained(host: string): boolean {
    return this.snapshot.control.drained[host] !== undefined;
  }

  /** Whether this host can run jobs of the group now (the groups document lists it: checked by the caller). */
  serves(host: string, group: string): boolean {
    return this.state(host) === 'fresh' && !this.drained(host) && (this.hostByName.get(host)?.beat?.groups.includes(group) ?? false);
  }

  /** How a listed host stands, for a group's finding. */
  describe(host: string, group: string): string {
    const drain = this.snapshot.control.drained[host];
    const entry = this.hostByName.get(host);
    if (drain !== undefined) return `${line(host, 100)} draining since ${line(drain.at, 40) || '?'} by ${line(drain.by, 80)}`;
    switch (this.state(host)) {
      case 'never':
        return `${line(host, 100)} no heartbeat ever`;
      case 'unreadable':
        return `${line(host, 100)} unreadable heartbeat record`;
      case 'stale':
        return `${line(host, 100)} stale since ${iso(entry?.mtimeMs ?? Number.NaN)}`;
      case 'fresh':
        return entry?.beat?.groups.includes(group) ? `${line(host, 100)} serving` : `${line(host, 100)} fresh, but its heartbeat does not list the group`;
    }
  }
}

interface GroupInfo {
  /** undefined: missing or malformed (no host can run it). */
  hosts: string[] | undefined;
  serving: string[];
  timeZone: string;
}

function emptyCounts(): FleetCounts {
  return {
    hosts: 0,
    hostsFresh: 0,
    hostsStale: 0,
    hostsDraining: 0,
    groups: 0,
    groupsWithoutHost: 0,
    groupsMissing: 0,
    jobs: 0,
    jobsOverdue: 0,
    jobsFailing: 0,
    jobsRunningLong: 0,
    jobsPaused: 0,
    versionsMismatched: 0,
  };
}

function finish(findings: Finding[], counts: FleetCounts, jobs: JobVerdict[], thresholds: Thresholds): FleetReport {
  findings.sort(compareFindings);
  jobs.sort((a, b) => compareText(a.lock, b.lock));
  return { status: worstStatus(findings), findings, counts, jobs, thresholds: { ...thresholds } };
}

/** Checks of this box alone; `fatal`: nothing else can be judged. */
function localFindings(snapshot: FleetSnapshot, local: LocalView, fleet: Fleet): { findings: Finding[]; fatal: boolean } {
  const findings: Finding[] = [];
  const host = `host ${line(local.host, 100)}`;
  for (const error of [...local.manifestErrors].sort(compareText)) {
    findings.push({ status: 'warning', check: 'local', subject: host, expected: 'readable jobs manifests', seen: line(error), message: `unreadable jobs manifest on ${line(local.host, 100)}: ${line(error)}` });
  }
  if (!local.configured) {
    findings.push({ status: 'critical', check: 'local', subject: host, expected: 'switchman configured', seen: 'configured: false', message: `switchman is not configured on this box (${line(local.host, 100)})` });
    return { findings, fatal: true };
  }
  if (local.zkError !== undefined) {
    findings.push({ status: 'critical', check: 'local', subject: host, expected: 'ZooKeeper answers', seen: line(local.zkError), message: `ZooKeeper unreachable from ${line(local.host, 100)}: ${line(local.zkError)}` });
    return { findings, fatal: true };
  }
  const entry = fleet.hostByName.get(local.host);
  const state = fleet.state(local.host);
  const limit = formatDuration(fleet.thresholds.heartbeatStaleMs);
  if (state !== 'fresh') {
    const seen = state === 'never' ? 'no heartbeat record' : state === 'unreadable' ? 'an unreadable heartbeat record' : `last heartbeat ${iso(entry?.mtimeMs ?? Number.NaN)}, ${formatDuration(snapshot.nowMs - (entry?.mtimeMs ?? 0))} ago`;
    findings.push({
      status: 'critical',
      check: 'local',
      subject: host,
      expected: `a heartbeat within ${limit}`,
      seen,
      message: `this box (${line(local.host, 100)}) has ${seen.startsWith('last') ? `a stale heartbeat (${seen})` : seen} in ZooKeeper: cron or switchman heartbeat is not running here (/etc/cron.d/switchman)`,
    });
  }
  return { findings, fatal: false };
}

export function evaluateFleet(snapshot: FleetSnapshot, local: LocalView, thresholds: Thresholds): FleetReport {
  const fleet = new Fleet(snapshot, thresholds);
  const counts = emptyCounts();
  const { findings, fatal } = localFindings(snapshot, local, fleet);
  if (fatal) return finish(findings, counts, [], thresholds);
  const now = snapshot.nowMs;
  const control = snapshot.control;
  const counting = countingManifests(snapshot, local);

  // Groups: the document's verdict and who serves each used group.
  const groupInfo = new Map<string, GroupInfo>();
  const documentHosts = new Set<string>();
  if (typeof snapshot.groups !== 'string') {
    for (const name of snapshot.groups.keys()) {
      const resolved = resolveGroupHosts(snapshot.groups, name);
      if (resolved.ok) for (const h of resolved.hosts) documentHosts.add(h);
    }
  }
  const usedGroups = [...counting.groups.keys()].sort(compareText);
  if (typeof snapshot.groups === 'string' && usedGroups.length > 0) {
    findings.push({
      status: 'critical',
      check: 'group-missing',
      subject: 'groups document',
      expected: `a groups document at ${line(snapshot.prefix, 100) || 'the prefix'}`,
      seen: line(snapshot.groups),
      message: `no groups document: ${line(snapshot.groups)} (${plural(usedGroups.length, 'group')} used by jobs: ${few(usedGroups.map((g) => line(g, 60)), 5)})`,
    });
  }
  const staleListed = new Map<string, string[]>();
  for (const group of usedGroups) {
    const packages = counting.groups.get(group) ?? [];
    // The zone cron reads schedules in: the beats of the fresh hosts that list the group.
    const zones = [
      ...new Set(
        snapshot.hosts
          .filter((h) => fleet.state(h.host) === 'fresh' && h.beat?.groups.includes(group))
          .map((h) => h.beat?.timeZone ?? 'UTC'),
      ),
    ].sort(compareText);
    const timeZone = zones[0] ?? local.timeZone;
    if (zones.length > 1) {
      const byZone = zones.map((z) => {
        const hosts = snapshot.hosts.filter((h) => fleet.state(h.host) === 'fresh' && h.beat?.groups.includes(group) && h.beat.timeZone === z).map((h) => line(h.host, 100));
        return `${line(z, 60)} on ${few(hosts)}`;
      });
      findings.push({
        status: 'warning',
        check: 'time-zone-mismatch',
        subject: `group ${line(group, 100)}`,
        expected: 'one time zone on every host of the group',
        seen: byZone.join('; '),
        message: `group ${line(group, 100)}: its hosts run cron in different time zones (${byZone.join('; ')}); schedules are judged in ${line(timeZone, 60)}`,
      });
    }
    if (typeof snapshot.groups === 'string') {
      groupInfo.set(group, { hosts: undefined, serving: [], timeZone });
      continue;
    }
    const resolved = resolveGroupHosts(snapshot.groups, group);
    if (!resolved.ok) {
      groupInfo.set(group, { hosts: undefined, serving: [], timeZone });
      const missing = resolved.error === 'unknown-group';
      findings.push({
        status: 'critical',
        check: 'group-missing',
        subject: `group ${line(group, 100)}`,
        expected: `group ${line(group, 100)} described in the groups document`,
        seen: line(resolved.detail),
        message: `group ${line(group, 100)} ${missing ? `is not in the groups document at ${line(snapshot.prefix, 100)}` : `is malformed (${line(resolved.detail)})`}: no host runs the jobs of ${few(packages.map((p) => line(p, 60)))}`,
      });
      continue;
    }
    const hosts = [...resolved.hosts].sort(compareText);
    const serving = hosts.filter((h) => fleet.serves(h, group));
    groupInfo.set(group, { hosts, serving, timeZone });
    for (const h of hosts) {
      if (fleet.state(h) !== 'fresh') staleListed.set(h, [...(staleListed.get(h) ?? []), group]);
    }
    if (serving.length === 0) {
      const states = hosts.map((h) => fleet.describe(h, group));
      const seen = hosts.length === 0 ? 'the group lists no host' : `0 of ${plural(hosts.length, 'listed host')} can run it: ${few(states, 5)}`;
      findings.push({
        status: 'critical',
        check: 'group-no-host',
        subject: `group ${line(group, 100)}`,
        expected: 'at least one fresh, undrained host serving the group',
        seen,
        message:
          hosts.length === 0
            ? `group ${line(group, 100)} lists no host in ZooKeeper: no host runs the jobs of ${few(packages.map((p) => line(p, 60)))}`
            : `group ${line(group, 100)}: no host can run its jobs (${plural(hosts.length, 'host')} listed in ZooKeeper: ${few(states, 5)})`,
      });
    }
  }

  // Hosts.
  const allHosts = new Set<string>([...snapshot.hosts.map((h) => h.host), ...documentHosts, ...Object.keys(control.drained)]);
  counts.hosts = allHosts.size;
  for (const h of allHosts) {
    if (fleet.state(h) === 'fresh') counts.hostsFresh++;
    else counts.hostsStale++;
    if (fleet.drained(h)) counts.hostsDraining++;
  }
  for (const [host, groups] of staleListed) {
    if (host === local.host || fleet.drained(host)) continue; // the local check, or the drain, says it
    const entry = fleet.hostByName.get(host);
    const state = fleet.state(host);
    const seen = state === 'never' ? 'no heartbeat ever' : state === 'unreadable' ? 'an unreadable heartbeat record' : `last heartbeat ${iso(entry?.mtimeMs ?? Number.NaN)}, ${formatDuration(now - (entry?.mtimeMs ?? 0))} ago`;
    const sortedGroups = [...groups].sort(compareText).map((g) => line(g, 60));
    findings.push({
      status: 'warning',
      check: 'host-stale',
      subject: `host ${line(host, 100)}`,
      expected: `a heartbeat within ${formatDuration(thresholds.heartbeatStaleMs)}`,
      seen,
      message: `host ${line(host, 100)}, listed in ${sortedGroups.length === 1 ? 'group' : 'groups'} ${few(sortedGroups)}: ${state === 'stale' ? `heartbeat stale since ${iso(entry?.mtimeMs ?? Number.NaN)} (${formatDuration(now - (entry?.mtimeMs ?? 0))} ago)` : seen}`,
    });
  }
  for (const host of Object.keys(control.drained).sort(compareText)) {
    const drain = control.drained[host]!;
    const state = fleet.state(host);
    const beat = state === 'fresh' ? 'still beating' : state === 'never' ? 'no heartbeat ever' : `heartbeat stale since ${iso(fleet.hostByName.get(host)?.mtimeMs ?? Number.NaN)}`;
    findings.push({
      status: 'warning',
      check: 'drained',
      subject: `host ${line(host, 100)}`,
      expected: 'not drained',
      seen: `drained ${marked(drain)}`,
      message: `host ${line(host, 100)} drained ${marked(drain)} (${drain.letRunningFinish ? 'running jobs finish' : 'running jobs stop'}; ${beat}): undrain it after the maintenance`,
    });
  }

  // Pauses.
  for (const group of Object.keys(control.pausedGroups).sort(compareText)) {
    const marker = control.pausedGroups[group]!;
    const held = [...counting.jobs.values()].filter((j) => j.group === group).length;
    findings.push({
      status: 'warning',
      check: 'paused',
      subject: `group ${line(group, 100)}`,
      expected: 'not paused',
      seen: `paused ${marked(marker)}`,
      message: `group ${line(group, 100)} paused ${marked(marker)} (${plural(held, 'job')} held back)`,
    });
  }
  for (const lock of Object.keys(control.pausedJobs).sort(compareText)) {
    const marker = control.pausedJobs[lock]!;
    findings.push({ status: 'warning', check: 'paused', subject: `job ${line(lock, 100)}`, expected: 'not paused', seen: `paused ${marked(marker)}`, message: `job ${line(lock, 100)} paused ${marked(marker)}` });
  }
  const isPaused = (lock: string, group: string | null | undefined): boolean => control.pausedJobs[lock] !== undefined || (group != null && control.pausedGroups[group] !== undefined);

  // Jobs: the dead man's switch.
  const verdicts: JobVerdict[] = [];
  const cap = Math.max(1, Math.ceil(thresholds.missedCritical), Math.ceil(thresholds.missedWarning)) + 1;
  const paused = new Set<string>(Object.keys(control.pausedJobs));
  for (const job of counting.jobs.values()) {
    counts.jobs++;
    const verdict: JobVerdict = { lock: job.lock, group: job.group, schedule: job.schedule, missed: 0, overdue: false, paused: isPaused(job.lock, job.group) };
    verdicts.push(verdict);
    if (verdict.paused) {
      paused.add(job.lock);
      continue;
    }
    if (job.cron === null || job.cron.reboot) continue;
    const info = groupInfo.get(job.group);
    const usable = info !== undefined && info.hosts !== undefined && info.serving.length > 0;
    const timeZone = info?.timeZone ?? local.timeZone;
    const lastRun = latestRun(fleet, job.lock);
    const held = fleet.locksByName.get(job.lock) ?? [];
    const heldSince = held.length === 0 ? Number.NEGATIVE_INFINITY : Math.max(...held.map((l) => l.sinceMs));
    const baseline = Math.max(lastRun === undefined ? Number.NEGATIVE_INFINITY : lastRun.startMs + RUN_START_SLACK_MS, heldSince, job.firstSeenMs ?? now);
    const limit = now - thresholds.missedGraceMs;
    if (!(baseline < limit)) continue;
    let starts: Date[];
    try {
      starts = nextRuns(job.cron, { from: new Date(baseline), count: cap, timeZone }).filter((d) => d.getTime() <= limit);
    } catch (error) {
      if (!usable) continue; // the group's finding covers it
      findings.push({
        status: 'unknown',
        check: 'job-overdue',
        subject: `job ${line(job.lock, 100)}`,
        expected: 'a schedule that can be judged',
        seen: line((error as Error).message),
        message: `job ${line(job.lock, 100)}: cannot judge "${line(job.schedule, 100)}" in time zone ${line(timeZone, 60)}: ${line((error as Error).message)}`,
      });
      continue;
    }
    verdict.missed = starts.length;
    const status: FindingStatus | undefined = starts.length >= thresholds.missedCritical ? 'critical' : starts.length >= thresholds.missedWarning ? 'warning' : undefined;
    if (status === undefined || starts.length === 0) continue;
    verdict.overdue = true;
    counts.jobsOverdue++;
    if (!usable) continue; // the group's finding covers it
    const first = starts[0]!;
    const missed = starts.length >= cap ? `at least ${starts.length}` : String(starts.length);
    const wall = formatInZone(first, new ZoneOffsets(timeZone));
    const ranLast =
      lastRun === undefined
        ? `no run seen${job.firstSeenMs === undefined ? '' : ` since it was installed ${iso(job.firstSeenMs)}`}`
        : `last run started ${iso(lastRun.startMs)} on ${line(lastRun.host, 100)}`;
    const holding = held.length === 0 ? '' : `; still running on ${line(held[0]!.host, 100)} since ${iso(heldSince)}`;
    findings.push({
      status,
      check: 'job-overdue',
      subject: `job ${line(job.lock, 100)}`,
      expected: `a run at ${first.toISOString()}`,
      seen: `${ranLast}${holding}`,
      message: `job ${line(job.lock, 100)} (group ${line(job.group, 100)}) missed ${missed} scheduled ${starts.length === 1 ? 'start' : 'starts'} of "${line(job.schedule, 100)}": the first at ${first.toISOString()} (${wall} ${line(timeZone, 60)}); ${ranLast}${holding}`,
    });
  }
  counts.jobsPaused = paused.size;

  // Failing runs: every record, the lock's and the --no-lock ones per host.
  const manifestGroup = (lock: string, runs: JobRuns): string | null => counting.jobs.get(lock)?.group ?? runs.last.group;
  const records: { lock: string; host: string | undefined; runs: JobRuns }[] = [
    ...[...fleet.runsByLock].map(([lock, runs]) => ({ lock, host: undefined, runs })),
    ...[...fleet.hostRunsByLock].flatMap(([lock, list]) => list.map((r) => ({ lock, host: r.host as string | undefined, runs: r.runs }))),
  ];
  for (const { lock, host, runs } of records) {
    if (runs.last.result !== 'failed') continue;
    counts.jobsFailing++;
    if (isPaused(lock, manifestGroup(lock, runs))) continue;
    const inRow = Math.max(1, runs.consecutiveFailures);
    const last = runs.last;
    const subject = host === undefined ? `job ${line(lock, 100)}` : `job ${line(lock, 100)} on ${line(host, 100)}`;
    const success = runs.lastSuccess === null ? 'no success recorded' : `last success ${line(runs.lastSuccess.end, 40)}`;
    findings.push({
      status: inRow >= thresholds.failuresCritical ? 'critical' : 'warning',
      check: 'job-failing',
      subject,
      expected: 'the last run succeeded',
      seen: `${inRow} failed in a row, the last ${line(last.status, 40) || `exit ${last.exitCode}`}`,
      message: `${subject} failed ${inRow === 1 ? 'once' : `${inRow} times in a row`}: the last run on ${line(last.host, 100)} ended ${line(last.end, 40)} with ${line(last.status, 40) || '?'} (exit ${last.exitCode}); ${success}`,
    });
  }

  // Long runs.
  for (const held of [...snapshot.locks].sort((a, b) => compareText(a.lock, b.lock) || compareText(a.host, b.host))) {
    const age = now - held.sinceMs;
    const usual = median(fleet.runsByLock.get(held.lock)?.recentDurationsMs ?? []);
    const limit = usual === undefined ? thresholds.longRunMinMs : Math.max(thresholds.longRunMinMs, thresholds.longRunFactor * usual);
    if (!(age > limit)) continue;
    counts.jobsRunningLong++;
    const why = usual === undefined ? `limit ${formatDuration(limit)}, no usual run time recorded` : `usual run ${formatDuration(usual)}, limit ${formatDuration(limit)}`;
    findings.push({
      status: 'warning',
      check: 'job-running-long',
      subject: `job ${line(held.lock, 100)}`,
      expected: `done within ${formatDuration(limit)}`,
      seen: `running for ${formatDuration(age)}`,
      message: `job ${line(held.lock, 100)} has held its lock on ${line(held.host, 100)}${held.pid === undefined ? '' : ` (pid ${held.pid})`} for ${formatDuration(age)}, since ${iso(held.sinceMs)} (${why})`,
    });
  }

  // Versions of one package among the fresh hosts of its group.
  const versions = new Map<string, { group: string; pkg: string; byVersion: Map<string, string[]> }>();
  for (const h of [...snapshot.hosts].sort((a, b) => compareText(a.host, b.host))) {
    if (fleet.state(h.host) !== 'fresh') continue;
    for (const p of h.beat?.packages ?? []) {
      const key = `${p.group}\u0000${p.package}`;
      const entry = versions.get(key) ?? { group: p.group, pkg: p.package, byVersion: new Map<string, string[]>() };
      entry.byVersion.set(p.version, [...(entry.byVersion.get(p.version) ?? []), h.host]);
      versions.set(key, entry);
    }
  }
  for (const { group, pkg, byVersion } of versions.values()) {
    if (byVersion.size < 2) continue;
    counts.versionsMismatched++;
    const seen = [...byVersion.keys()]
      .sort(compareText)
      .map((v) => `${line(v || '(none)', 60)} on ${few(byVersion.get(v)!.map((h) => line(h, 100)))}`)
      .join('; ');
    findings.push({
      status: 'warning',
      check: 'version-mismatch',
      subject: `package ${line(pkg, 100)}`,
      expected: 'one version on every host',
      seen,
      message: `package ${line(pkg, 100)} (group ${line(group, 100)}) differs between hosts: ${seen}`,
    });
  }

  // A package a fresh host has installed but whose manifest is not in ZooKeeper (over 1 MB, or
  // the publish failed): its jobs cannot be judged, which must not pass for "all ran on time".
  const publishedKeys = new Set(snapshot.manifests.map((p) => `${p.manifest.package}\u0000${p.manifest.version ?? UNVERSIONED}`));
  const unpublished = new Map<string, string[]>();
  for (const h of snapshot.hosts) {
    if (fleet.state(h.host) !== 'fresh') continue;
    for (const p of h.beat?.packages ?? []) {
      const key = `${p.package}\u0000${p.version}`;
      if (publishedKeys.has(key)) continue;
      unpublished.set(key, [...(unpublished.get(key) ?? []), h.host]);
    }
  }
  for (const [key, hosts] of [...unpublished].sort(([a], [b]) => compareText(a, b))) {
    const [pkg, version] = key.split('\u0000') as [string, string];
    findings.push({
      status: 'warning',
      check: 'manifest-unpublished',
      subject: `package ${line(pkg, 100)}`,
      expected: 'its jobs manifest in ZooKeeper',
      seen: `none for version ${line(version, 60)}`,
      message: `package ${line(pkg, 100)} ${line(version, 60)} is installed on ${few(hosts.sort(compareText))} but its jobs manifest is not in ZooKeeper (too large, over 1 MB?): its jobs are not judged`,
    });
  }

  counts.groups = usedGroups.length;
  for (const group of usedGroups) {
    const info = groupInfo.get(group);
    if (info?.hosts === undefined) counts.groupsMissing++;
    if (info === undefined || info.serving.length === 0) counts.groupsWithoutHost++;
  }
  return finish(findings, counts, verdicts, thresholds);
}

/** The latest run start of a lock, over its lock record and its --no-lock records per host. */
function latestRun(fleet: Fleet, lock: string): { startMs: number; host: string } | undefined {
  let latest: { startMs: number; host: string } | undefined;
  const consider = (runs: JobRuns): void => {
    const startMs = Date.parse(runs.last.start);
    if (Number.isFinite(startMs) && (latest === undefined || startMs > latest.startMs)) latest = { startMs, host: runs.last.host };
  };
  const runs = fleet.runsByLock.get(lock);
  if (runs !== undefined) consider(runs);
  for (const r of fleet.hostRunsByLock.get(lock) ?? []) consider(r.runs);
  return latest;
}
