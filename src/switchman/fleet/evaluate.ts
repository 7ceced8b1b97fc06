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
//
// Each family of checks is a file of checks/; this one runs them in the order their findings
// were always gathered and keeps the module's old exports for its importers.
import { checkFailing } from './checks/failing.js';
import { Fleet } from './checks/fleet-view.js';
import { checkGroups, countGroups } from './checks/groups.js';
import { checkHosts } from './checks/hosts.js';
import { localFindings } from './checks/local.js';
import { checkOverdue } from './checks/overdue.js';
import { checkUnpublished, checkVersions } from './checks/packages.js';
import { checkPauses } from './checks/pauses.js';
import { checkRunningLong } from './checks/running-long.js';
import { countingManifests } from './counting-manifests.js';
import { emptyCounts, finishReport } from './fleet-report.js';
import type { FleetReport } from './fleet-report.js';
import type { FleetSnapshot, LocalView } from './snapshot.js';
import type { Thresholds } from './thresholds.js';

export { median } from './checks/running-long.js';
export { compareText, formatDuration, iso } from './checks/text.js';
export { countingManifests } from './counting-manifests.js';
export type { CountingJob, CountingManifests } from './counting-manifests.js';
export { CHECK_NAMES, worstStatus } from './fleet-report.js';
export type { CheckName, Finding, FindingStatus, FleetCounts, FleetReport, JobVerdict, ReportStatus } from './fleet-report.js';
export { DEFAULT_THRESHOLDS, RUN_START_SLACK_MS } from './thresholds.js';
export type { Thresholds } from './thresholds.js';

export function evaluateFleet(snapshot: FleetSnapshot, local: LocalView, thresholds: Thresholds): FleetReport {
  const fleet = new Fleet(snapshot, thresholds);
  const counts = emptyCounts();
  const { findings, fatal } = localFindings(snapshot, local, fleet);
  if (fatal) return finishReport(findings, counts, [], thresholds);
  const counting = countingManifests(snapshot, local);

  const groups = checkGroups(snapshot, local, fleet, counting);
  findings.push(...groups.findings);
  findings.push(...checkHosts(snapshot, local, fleet, groups.groups, counts));
  findings.push(...checkPauses(snapshot.control, counting));
  const overdue = checkOverdue(local, fleet, counting, groups.groups.info, counts);
  findings.push(...overdue.findings);
  findings.push(...checkFailing(fleet, counting, counts));
  findings.push(...checkRunningLong(snapshot, fleet, counts));
  findings.push(...checkVersions(snapshot, fleet, counts));
  findings.push(...checkUnpublished(snapshot, fleet));
  countGroups(counts, groups.groups);
  return finishReport(findings, counts, overdue.verdicts, thresholds);
}
