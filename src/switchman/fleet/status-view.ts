// `switchman status`'s fleet view: hosts, groups and jobs as tables, from a snapshot. Pure.
import { nextRuns } from '../../schedule/next-runs.js';
import { resolveGroupHosts } from '../groups.js';
import { UNVERSIONED } from './heartbeat.js';
import type { FleetSnapshot } from './snapshot.js';

export interface HostRow {
  host: string;
  state: 'fresh' | 'stale' | 'draining' | 'draining (let finish)';
  heartbeatAgeMs: number;
  groups: string[];
  packages: string[];
}

export interface GroupRow {
  group: string;
  /** Hosts the document lists (subgroups followed). */
  listed: number;
  /** Of those: fresh, not drained, serving it by their own heartbeat. */
  serving: string[];
  paused: boolean;
}

export interface JobRow {
  lock: string;
  group: string;
  schedule: string;
  lastEnd: string | undefined;
  lastResult: string | undefined;
  nextDue: string | undefined;
  holder: string | undefined;
  paused: boolean;
}

export interface FleetView {
  hosts: HostRow[];
  groups: GroupRow[];
  jobs: JobRow[];
  pausedGroups: string[];
  pausedJobs: string[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function fleetView(snapshot: FleetSnapshot, heartbeatStaleMs: number): FleetView {
  const now = snapshot.nowMs;
  const control = snapshot.control;
  const hosts: HostRow[] = snapshot.hosts.map((entry) => {
    const drain = control.drained[entry.host];
    const age = now - entry.mtimeMs;
    const state: HostRow['state'] = drain !== undefined ? (drain.letRunningFinish ? 'draining (let finish)' : 'draining') : age <= heartbeatStaleMs && entry.beat !== undefined ? 'fresh' : 'stale';
    return { host: entry.host, state, heartbeatAgeMs: age, groups: entry.beat?.groups ?? [], packages: (entry.beat?.packages ?? []).map((p) => `${p.package}=${p.version}`) };
  });
  // Drained hosts without a heartbeat record still show.
  for (const host of Object.keys(control.drained)) {
    if (!hosts.some((h) => h.host === host)) hosts.push({ host, state: control.drained[host]?.letRunningFinish ? 'draining (let finish)' : 'draining', heartbeatAgeMs: Number.NaN, groups: [], packages: [] });
  }
  hosts.sort((a, b) => byName(a.host, b.host));
  const fresh = new Set(hosts.filter((h) => h.state === 'fresh').map((h) => h.host));

  // Jobs: the manifests some host lists (newest first wins a lock name listed twice).
  const listed = new Set(snapshot.hosts.flatMap((h) => (h.beat?.packages ?? []).map((p) => `${p.package}\u0000${p.version}`)));
  const jobs = new Map<string, JobRow>();
  const usedGroups = new Set<string>();
  const zoneOf = (group: string): string => snapshot.hosts.find((h) => fresh.has(h.host) && h.beat?.groups.includes(group))?.beat?.timeZone ?? 'UTC';
  for (const published of [...snapshot.manifests].sort((a, b) => b.firstSeenMs - a.firstSeenMs)) {
    const m = published.manifest;
    if (!listed.has(`${m.package}\u0000${m.version ?? UNVERSIONED}`)) continue;
    usedGroups.add(m.group);
    for (const job of m.jobs) {
      if (jobs.has(job.lockName)) continue;
      const runs = snapshot.runs.find((r) => r.lock === job.lockName)?.runs;
      const next = job.cron === null || job.cron.reboot ? undefined : nextRuns(job.cron, { from: new Date(now), count: 1, timeZone: zoneOf(m.group) })[0];
      const holder = snapshot.locks.find((l) => l.lock === job.lockName);
      jobs.set(job.lockName, {
        lock: job.lockName,
        group: m.group,
        schedule: job.schedule,
        lastEnd: runs?.last.end,
        lastResult: runs === undefined ? undefined : runs.last.result === 'stopped' ? `stopped (${runs.last.cause ?? '?'})` : runs.last.result,
        nextDue: next?.toISOString(),
        holder: holder === undefined ? undefined : `${holder.host}${holder.pid === undefined ? '' : ` ${holder.pid}`}`,
        paused: control.pausedJobs[job.lockName] !== undefined || control.pausedGroups[m.group] !== undefined,
      });
    }
  }
  const groups: GroupRow[] = [];
  if (typeof snapshot.groups !== 'string') {
    for (const group of [...snapshot.groups.keys()].sort(byName)) {
      const resolved = resolveGroupHosts(snapshot.groups, group);
      const members = resolved.ok ? [...resolved.hosts] : [];
      const serving = members.filter((h) => fresh.has(h) && snapshot.hosts.find((e) => e.host === h)?.beat?.groups.includes(group)).sort(byName);
      groups.push({ group, listed: members.length, serving, paused: control.pausedGroups[group] !== undefined });
    }
  }
  return {
    hosts,
    groups,
    jobs: [...jobs.values()].sort((a, b) => byName(a.lock, b.lock)),
    pausedGroups: Object.keys(control.pausedGroups).sort(byName),
    pausedJobs: Object.keys(control.pausedJobs).sort(byName),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

function age(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

export function formatFleetView(view: FleetView, snapshot: FleetSnapshot): string {
  const control = snapshot.control;
  const parts: string[] = [];
  parts.push(
    view.hosts.length === 0
      ? 'HOSTS: none has sent a heartbeat (is /etc/cron.d/switchman installed and cron running?)\n'
      : table([
          ['HOST', 'STATE', 'HEARTBEAT', 'GROUPS', 'NOTE'],
          ...view.hosts.map((h) => {
            const drain = control.drained[h.host];
            return [h.host, h.state, age(h.heartbeatAgeMs), h.groups.join(',') || '-', drain === undefined ? '' : `by ${drain.by} at ${drain.at}${drain.reason === '' ? '' : `: ${drain.reason}`}`];
          }),
        ]),
  );
  if (view.groups.length > 0) {
    parts.push(table([['GROUP', 'LISTED', 'SERVING', 'NOTE'], ...view.groups.map((g) => [g.group, String(g.listed), g.serving.join(',') || 'none', g.paused ? `paused by ${control.pausedGroups[g.group]?.by ?? '?'}` : ''])]));
  }
  if (view.jobs.length > 0) {
    parts.push(
      table([
        ['JOB', 'GROUP', 'SCHEDULE', 'LAST END', 'RESULT', 'NEXT DUE', 'RUNNING ON'],
        ...view.jobs.map((j) => [j.lock, j.group, j.schedule, j.lastEnd ?? 'never', j.lastResult ?? '-', j.nextDue ?? '-', j.holder ?? (j.paused ? 'paused' : '-')]),
      ]),
    );
  }
  for (const job of view.pausedJobs) {
    const m = control.pausedJobs[job];
    parts.push(`paused job ${job}: by ${m?.by ?? '?'} at ${m?.at ?? '?'}${m?.reason ? `: ${m.reason}` : ''}\n`);
  }
  for (const group of view.pausedGroups) {
    const m = control.pausedGroups[group];
    parts.push(`paused group ${group}: by ${m?.by ?? '?'} at ${m?.at ?? '?'}${m?.reason ? `: ${m.reason}` : ''}\n`);
  }
  return parts.join('\n');
}
