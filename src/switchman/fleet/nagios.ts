// `switchman check`'s output: a Nagios/Icinga plugin (monitoring-plugins development
// guidelines): one status line with perf data after "|", then one line per finding (long
// output), and the exit code 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Also the --json document.
import type { FleetCounts, FleetReport, ReportStatus } from './evaluate.js';

export type NagiosExitCode = 0 | 1 | 2 | 3;

const EXIT: Record<ReportStatus, NagiosExitCode> = { ok: 0, warning: 1, critical: 2, unknown: 3 };

/** The plugin exit code of a status (also switchman_check_status in metrics). */
export function exitCodeOf(status: ReportStatus): NagiosExitCode {
  return EXIT[status];
}

/**
 * A message as plugin output may carry it: "|" starts the perf data, so it becomes "/" (as
 * runCheck does for config errors), and line breaks and other control characters become spaces.
 */
export function pluginText(text: string): string {
  return text.replace(/\|/g, '/').replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
}

/** A perf data label, single-quoted when it must be ("'" doubled inside). */
export function perfLabel(label: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(label) ? label : `'${label.replace(/'/g, "''").replace(/[|=\u0000-\u001f]/g, '_')}'`;
}

interface Perf {
  label: string;
  value: number;
  warn?: string;
  crit?: string;
  min?: number;
  max?: number;
}

/** 'label'=value;warn;crit;min;max, trailing empty fields dropped. */
export function perfItem(p: Perf): string {
  const fields = [String(p.value), p.warn ?? '', p.crit ?? '', p.min === undefined ? '' : String(p.min), p.max === undefined ? '' : String(p.max)];
  while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
  return `${perfLabel(p.label)}=${fields.join(';')}`;
}

/**
 * The perf data of a report. Thresholds are plugin ranges: "0" alerts on any value above 0.
 * Only counts whose threshold is a plain count get one (an overdue job's status depends on how
 * many starts it missed, so jobs_overdue gets a warning range only).
 */
export function perfData(c: FleetCounts): string {
  const items: Perf[] = [
    { label: 'hosts', value: c.hosts, min: 0 },
    { label: 'hosts_fresh', value: c.hostsFresh, min: 0, max: c.hosts },
    { label: 'hosts_stale', value: c.hostsStale, warn: '0', min: 0, max: c.hosts },
    { label: 'hosts_draining', value: c.hostsDraining, warn: '0', min: 0, max: c.hosts },
    { label: 'groups', value: c.groups, min: 0 },
    { label: 'groups_without_host', value: c.groupsWithoutHost, crit: '0', min: 0, max: c.groups },
    { label: 'groups_missing', value: c.groupsMissing, crit: '0', min: 0, max: c.groups },
    { label: 'jobs', value: c.jobs, min: 0 },
    { label: 'jobs_overdue', value: c.jobsOverdue, warn: '0', min: 0, max: c.jobs },
    { label: 'jobs_failing', value: c.jobsFailing, warn: '0', min: 0 },
    { label: 'jobs_running_long', value: c.jobsRunningLong, warn: '0', min: 0 },
    { label: 'jobs_paused', value: c.jobsPaused, warn: '0', min: 0 },
    { label: 'versions_mismatched', value: c.versionsMismatched, warn: '0', min: 0 },
  ];
  return items.map(perfItem).join(' ');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(report: FleetReport): string {
  const { counts, findings } = report;
  if (findings.length === 0) {
    return `${plural(counts.hosts, 'host')} (${counts.hostsFresh} fresh), ${plural(counts.groups, 'group')}, ${plural(counts.jobs, 'job')}, all ran on time`;
  }
  const tally = (['critical', 'warning', 'unknown'] as const)
    .map((s) => [s, findings.filter((f) => f.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return `${tally}: ${findings[0]!.message}`;
}

/** The plugin's output and exit code. */
export function formatNagios(report: FleetReport): { exitCode: NagiosExitCode; text: string } {
  const lines = [`SWITCHMAN ${report.status.toUpperCase()} - ${pluginText(summary(report))} | ${perfData(report.counts)}`];
  for (const f of report.findings) lines.push(`${f.status.toUpperCase()}: ${pluginText(f.message)}`);
  return { exitCode: exitCodeOf(report.status), text: `${lines.join('\n')}\n` };
}

/** `switchman check --json`: one document, keys in a fixed order, 2-space indentation, a final newline. */
export function formatCheckJson(report: FleetReport): string {
  const c = report.counts;
  const document = {
    schemaVersion: 1,
    status: report.status,
    exitCode: exitCodeOf(report.status),
    counts: {
      hosts: c.hosts,
      hostsFresh: c.hostsFresh,
      hostsStale: c.hostsStale,
      hostsDraining: c.hostsDraining,
      groups: c.groups,
      groupsWithoutHost: c.groupsWithoutHost,
      groupsMissing: c.groupsMissing,
      jobs: c.jobs,
      jobsOverdue: c.jobsOverdue,
      jobsFailing: c.jobsFailing,
      jobsRunningLong: c.jobsRunningLong,
      jobsPaused: c.jobsPaused,
      versionsMismatched: c.versionsMismatched,
    },
    findings: report.findings.map((f) => ({ status: f.status, check: f.check, subject: f.subject, expected: f.expected, seen: f.seen, message: f.message })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
