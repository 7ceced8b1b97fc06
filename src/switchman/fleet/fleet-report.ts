// The shape of `switchman check`'s verdict (findings, counts, job verdicts) and the order its
// findings are listed in. The checks that fill it are in checks/, composed by evaluate.ts.
import { compareText } from './checks/text.js';
import type { Thresholds } from './thresholds.js';

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

export function emptyCounts(): FleetCounts {
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

/** The report: findings and verdicts sorted (in place), the status they add up to. */
export function finishReport(findings: Finding[], counts: FleetCounts, jobs: JobVerdict[], thresholds: Thresholds): FleetReport {
  findings.sort(compareFindings);
  jobs.sort((a, b) => compareText(a.lock, b.lock));
  return { status: worstStatus(findings), findings, counts, jobs, thresholds: { ...thresholds } };
}
