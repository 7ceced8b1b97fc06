// Check "job-running-long": locks held past max(longRunMinMs, longRunFactor × the median of the
// last successful durations); with no successful run recorded, longRunMinMs alone. Paused jobs
// are judged too: their lock is real.
import type { Finding, FleetCounts } from '../fleet-report.js';
import type { FleetSnapshot } from '../snapshot.js';
import type { Fleet } from './fleet-view.js';
import { compareText, formatDuration, iso, line } from './text.js';

/** The median of a list of numbers; undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Long runs, by lock then host. */
export function checkRunningLong(snapshot: FleetSnapshot, fleet: Fleet, counts: FleetCounts): Finding[] {
  const findings: Finding[] = [];
  const { now, thresholds } = fleet;
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
  return findings;
}
