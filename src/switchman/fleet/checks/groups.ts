// Checks "group-missing", "group-no-host" and "time-zone-mismatch": for every group the jobs
// use, the groups document's verdict, which hosts serve it, and the zone its schedules run in.
// What it learns about the groups is what the host and overdue checks build on.
import { resolveGroupHosts } from '../../groups.js';
import type { CountingManifests } from '../counting-manifests.js';
import type { Finding, FleetCounts } from '../fleet-report.js';
import type { FleetSnapshot, LocalView } from '../snapshot.js';
import type { Fleet } from './fleet-view.js';
import { compareText, few, line, plural } from './text.js';

export interface GroupInfo {
  /** undefined: missing or malformed (no host can run it). */
  hosts: string[] | undefined;
  serving: string[];
  timeZone: string;
}

export interface GroupsSeen {
  /** The groups the jobs use, sorted. */
  used: string[];
  /** By used group. */
  info: Map<string, GroupInfo>;
  /** Every host the groups document lists, in any group. */
  documentHosts: Set<string>;
  /** Listed hosts that are not fresh -> the used groups listing them. */
  staleListed: Map<string, string[]>;
}

/** Groups: the document's verdict and who serves each used group. */
export function checkGroups(snapshot: FleetSnapshot, local: LocalView, fleet: Fleet, counting: CountingManifests): { findings: Finding[]; groups: GroupsSeen } {
  const findings: Finding[] = [];
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
  return { findings, groups: { used: usedGroups, info: groupInfo, documentHosts, staleListed } };
}

/** The groups' counts: used, missing from the document, and without a host to run them. */
export function countGroups(counts: FleetCounts, groups: GroupsSeen): void {
  counts.groups = groups.used.length;
  for (const group of groups.used) {
    const info = groups.info.get(group);
    if (info?.hosts === undefined) counts.groupsMissing++;
    if (info === undefined || info.serving.length === 0) counts.groupsWithoutHost++;
  }
}
