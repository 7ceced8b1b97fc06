// Checks "host-stale" and "drained", and the host counts. A drained host is not also reported
// stale: its drain WARNING says whether it still beats.
import type { Finding, FleetCounts } from '../fleet-report.js';
import type { FleetSnapshot, LocalView } from '../snapshot.js';
import type { Fleet } from './fleet-view.js';
import type { GroupsSeen } from './groups.js';
import { compareText, few, formatDuration, iso, line, marked } from './text.js';

/** Hosts: counted over every record, listing and drain; stale listed hosts and drains reported. */
export function checkHosts(snapshot: FleetSnapshot, local: LocalView, fleet: Fleet, groups: GroupsSeen, counts: FleetCounts): Finding[] {
  const findings: Finding[] = [];
  const { now, thresholds } = fleet;
  const control = snapshot.control;
  const allHosts = new Set<string>([...snapshot.hosts.map((h) => h.host), ...groups.documentHosts, ...Object.keys(control.drained)]);
  counts.hosts = allHosts.size;
  for (const h of allHosts) {
    if (fleet.state(h) === 'fresh') counts.hostsFresh++;
    else counts.hostsStale++;
    if (fleet.drained(h)) counts.hostsDraining++;
  }
  for (const [host, listing] of groups.staleListed) {
    if (host === local.host || fleet.drained(host)) continue; // the local check, or the drain, says it
    const entry = fleet.hostByName.get(host);
    const state = fleet.state(host);
    const seen = state === 'never' ? 'no heartbeat ever' : state === 'unreadable' ? 'an unreadable heartbeat record' : `last heartbeat ${iso(entry?.mtimeMs ?? Number.NaN)}, ${formatDuration(now - (entry?.mtimeMs ?? 0))} ago`;
    const sortedGroups = [...listing].sort(compareText).map((g) => line(g, 60));
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
  return findings;
}
