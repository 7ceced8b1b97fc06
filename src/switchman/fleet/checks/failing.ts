// Check "job-failing": every run record whose last run failed, the lock's and the --no-lock
// ones per host. A paused job is not reported, but still counted as failing.
import type { CountingManifests } from '../counting-manifests.js';
import type { Finding, FleetCounts } from '../fleet-report.js';
import type { JobRuns } from '../records.js';
import type { Fleet } from './fleet-view.js';
import { isPaused } from './pauses.js';
import { line } from './text.js';

/** Failing runs: every record, the lock's and the --no-lock ones per host. */
export function checkFailing(fleet: Fleet, counting: CountingManifests, counts: FleetCounts): Finding[] {
  const findings: Finding[] = [];
  const { thresholds } = fleet;
  const control = fleet.snapshot.control;
  const manifestGroup = (lock: string, runs: JobRuns): string | null => counting.jobs.get(lock)?.group ?? runs.last.group;
  const records: { lock: string; host: string | undefined; runs: JobRuns }[] = [
    ...[...fleet.runsByLock].map(([lock, runs]) => ({ lock, host: undefined, runs })),
    ...[...fleet.hostRunsByLock].flatMap(([lock, list]) => list.map((r) => ({ lock, host: r.host as string | undefined, runs: r.runs }))),
  ];
  for (const { lock, host, runs } of records) {
    if (runs.last.result !== 'failed') continue;
    counts.jobsFailing++;
    if (isPaused(control, lock, manifestGroup(lock, runs))) continue;
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
  return findings;
}
