// A stop's grace never goes past the lease's kill deadline: after it the session could expire
// and the lock pass to another box while our job still runs.
import { graceCapMs, leaseDeadlines } from '../lease.js';

export const GRACE_CAP_HINT =
  'the grace ends 2/3 of the session timeout after the last answer from ZooKeeper: raise session_timeout to at least 1.5 x termination_timeout';

export interface LeaseView {
  lastContactMs: number;
  timeoutMs: number;
}

/**
 * The grace a stop gives (graceMs, cut at the kill deadline), and whether the grace asked for is
 * longer than any healthy session allows (termination_timeout too long for session_timeout).
 * Without a live session (none yet, or expired) the grace is as asked.
 */
export function leaseBoundGrace(graceMs: number, lease: LeaseView | undefined, nowMs: number): { graceMs: number; overCap: boolean } {
  if (lease === undefined) return { graceMs, overCap: false };
  const { killAt } = leaseDeadlines(lease.lastContactMs, lease.timeoutMs);
  return { graceMs: Math.min(graceMs, Math.max(0, Math.floor(killAt - nowMs))), overCap: graceMs > graceCapMs(lease.timeoutMs) };
}
