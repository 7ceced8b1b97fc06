// Fencing against a lost ZooKeeper connection.
//
// The server cannot expire our session before T + S, where T is the send time of the latest
// request it answered and S the negotiated session timeout. So the job may run only while
// "now - T" is small: at T + S/3 it gets SIGTERM, at T + 2S/3 SIGKILL whatever
// termination_timeout says. The last third of S is the safety margin for killing, reaping and
// scheduling delays; only then could the lock pass to another box.

export const TERM_FRACTION = 1 / 3;
export const KILL_FRACTION = 2 / 3;
/** How often a healthy session is probed: well inside the SIGTERM threshold. */
export const PROBE_FRACTION = 1 / 6;

export interface LeaseDeadlines {
  /** Monotonic ms at which the job must be asked to stop. */
  termAt: number;
  /** Monotonic ms by which the job's tree must be dead. */
  killAt: number;
}

export function leaseDeadlines(lastContactMs: number, sessionTimeoutMs: number): LeaseDeadlines {
  return {
    termAt: lastContactMs + Math.floor(sessionTimeoutMs * TERM_FRACTION),
    killAt: lastContactMs + Math.floor(sessionTimeoutMs * KILL_FRACTION),
  };
}

export type LeaseState = 'valid' | 'term' | 'kill';

export function leaseState(nowMs: number, lastContactMs: number, sessionTimeoutMs: number): LeaseState {
  const { termAt, killAt } = leaseDeadlines(lastContactMs, sessionTimeoutMs);
  if (nowMs >= killAt) return 'kill';
  if (nowMs >= termAt) return 'term';
  return 'valid';
}

/** The longest grace a stopped job can get with a healthy session: the kill deadline right after an answer. */
export function graceCapMs(sessionTimeoutMs: number): number {
  return Math.floor(sessionTimeoutMs * KILL_FRACTION);
}

export function probeIntervalMs(sessionTimeoutMs: number): number {
  return Math.max(20, Math.floor(sessionTimeoutMs * PROBE_FRACTION));
}

/** Time left (ms, >= 0) until each deadline, to hand to the fence, whose clock is its own. */
export function leaseRemaining(nowMs: number, deadlines: LeaseDeadlines): { termInMs: number; killInMs: number } {
  return {
    termInMs: Math.max(0, Math.floor(deadlines.termAt - nowMs)),
    killInMs: Math.max(0, Math.floor(deadlines.killAt - nowMs)),
  };
}
