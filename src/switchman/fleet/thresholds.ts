// The limits `switchman check` judges the fleet by: defaults here, overridden by check's options.

export interface Thresholds {
  /** A heartbeat (node mtime, server clock) older than this is stale. */
  heartbeatStaleMs: number;
  /** How long after a scheduled start a missing run starts to count as missed. */
  missedGraceMs: number;
  /** Missed scheduled starts (in a row, since the last run) for WARNING. */
  missedWarning: number;
  /** Missed scheduled starts for CRITICAL. */
  missedCritical: number;
  /** A lock held longer than this × the job's usual (median) run time is running long... */
  longRunFactor: number;
  /** ...and never before this; the only limit for a job with no successful run recorded. */
  longRunMinMs: number;
  /** Consecutive failed runs for CRITICAL; 1 up to this - 1 is WARNING. */
  failuresCritical: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  heartbeatStaleMs: 5 * 60_000,
  missedGraceMs: 5 * 60_000,
  missedWarning: 1,
  missedCritical: 2,
  longRunFactor: 5,
  longRunMinMs: 15 * 60_000,
  failuresCritical: 3,
});

/** A run recorded as started up to this long before a scheduled start covers it (host clocks drift). */
export const RUN_START_SLACK_MS = 30_000;
