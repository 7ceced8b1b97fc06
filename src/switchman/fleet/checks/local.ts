// Check "local": this box alone (configured, ZooKeeper reachable, its own heartbeat fresh,
// its manifests readable). When it cannot reach the fleet, nothing else is judged.
import type { Finding } from '../fleet-report.js';
import type { FleetSnapshot, LocalView } from '../snapshot.js';
import type { Fleet } from './fleet-view.js';
import { compareText, formatDuration, iso, line } from './text.js';

/** Checks of this box alone; `fatal`: nothing else can be judged. */
export function localFindings(snapshot: FleetSnapshot, local: LocalView, fleet: Fleet): { findings: Finding[]; fatal: boolean } {
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
