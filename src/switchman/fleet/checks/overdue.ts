// Check "job-overdue", the dead man's switch: scheduled starts of each job that no run covers.
// A run's start is the host's clock, so it covers a start up to RUN_START_SLACK_MS before it;
// a held lock is a run too (a hung job blocks its own next starts). A paused job is skipped.
import { nextRuns } from '../../../schedule/next-runs.js';
import { formatInZone, ZoneOffsets } from '../../../schedule/zone.js';
import type { CountingManifests } from '../counting-manifests.js';
import type { Finding, FindingStatus, FleetCounts, JobVerdict } from '../fleet-report.js';
import type { JobRuns } from '../records.js';
import type { LocalView } from '../snapshot.js';
import { RUN_START_SLACK_MS } from '../thresholds.js';
import type { Fleet } from './fleet-view.js';
import type { GroupInfo } from './groups.js';
import { isPaused } from './pauses.js';
import { iso, line } from './text.js';

/** Jobs: the dead man's switch. Also the verdict on every job, and the paused count. */
export function checkOverdue(local: LocalView, fleet: Fleet, counting: CountingManifests, groupInfo: Map<string, GroupInfo>, counts: FleetCounts): { findings: Finding[]; verdicts: JobVerdict[] } {
  const findings: Finding[] = [];
  const { now, thresholds } = fleet;
  const control = fleet.snapshot.control;
  const verdicts: JobVerdict[] = [];
  const cap = Math.max(1, Math.ceil(thresholds.missedCritical), Math.ceil(thresholds.missedWarning)) + 1;
  const paused = new Set<string>(Object.keys(control.pausedJobs));
  for (const job of counting.jobs.values()) {
    counts.jobs++;
    const verdict: JobVerdict = { lock: job.lock, group: job.group, schedule: job.schedule, missed: 0, overdue: false, paused: isPaused(control, job.lock, job.group) };
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
  return { findings, verdicts };
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
