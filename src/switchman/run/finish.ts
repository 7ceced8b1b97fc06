// The end of a run in ZooKeeper: the run record, written while the lock is still ours (so
// whoever sees the lock free sees this run too), then the lock released, only if it is ours,
// and the session closed.
import type { StopReason } from '../exit-codes.js';
import { outcomeOf, recordRun } from '../fleet/record-run.js';
import { sinceStartMs } from '../clock.js';
import type { LogFields } from '../log.js';
import { releaseLock } from '../lock.js';
import { SWITCHMAN_VERSION } from '../version.js';
import type { ZkSession } from '../zk-session.js';
import { systemClock } from './ports.js';
import type { LogPort } from './ports.js';
import { withTimeout } from './with-timeout.js';

/** The run record is written before the lock goes; a slow ZooKeeper must not hold the lock long for it. */
const RECORD_TIMEOUT_MS = 2000;
const RELEASE_TIMEOUT_MS = 2000;
export const CLOSE_TIMEOUT_MS = 1000;

export interface RunFacts {
  runId: string;
  host: string;
  pid: number;
  lock: string;
  group: string | undefined;
  reason: StopReason;
  exitCode: number;
  status: string;
  startMs: number;
  durationMs: number;
  peakRssKb: number | null;
}

/** Leaves the run's record (fleet/record-run.ts). Best effort: a lost session records nothing. */
export async function writeRunRecord(session: ZkSession, prefix: string, noLock: boolean, facts: RunFacts, log: LogPort, fields: LogFields): Promise<void> {
  const { result, cause } = outcomeOf(facts.reason, facts.exitCode);
  const run = {
    runId: facts.runId,
    host: facts.host,
    pid: facts.pid,
    lock: facts.lock,
    group: facts.group ?? null,
    start: new Date(facts.startMs).toISOString(),
    end: new Date(facts.startMs + facts.durationMs).toISOString(),
    durationMs: facts.durationMs,
    exitCode: facts.exitCode,
    result,
    cause,
    status: facts.status,
    peakRssKb: facts.peakRssKb,
    switchmanVersion: SWITCHMAN_VERSION,
  };
  try {
    const outcome = await withTimeout(recordRun(session, prefix, run, noLock), RECORD_TIMEOUT_MS);
    if (outcome === 'timeout') log.info('the run record was not written in time', fields);
  } catch (error) {
    log.info('cannot write the run record', { ...fields, error: (error as Error).message });
  }
}

export interface ReleaseDeps {
  session: ZkSession;
  lockPath: string;
  /** Read at each step: a session expiry meanwhile takes the lock (and the need to release it) away. */
  holdsLock(): boolean;
  expired(): boolean;
  log: LogPort;
  fields: LogFields;
}

/**
 * Releases the lock if it is still ours, then ends the session. If the connection is down,
 * waits for it to come back while the session may still be alive, so the lock goes at once
 * rather than after the session timeout.
 */
export async function releaseAndClose(deps: ReleaseDeps): Promise<void> {
  const { session, log, fields } = deps;
  let released = false;
  if (deps.holdsLock() && !deps.expired()) {
    if (!session.isConnected) {
      const remainingMs = session.lastContactMs + session.timeoutMs - systemClock.now();
      if (remainingMs > 0) {
        await withTimeout(
          new Promise<void>((resolve) => session.once('connected', () => resolve())),
          remainingMs,
        );
      }
    }
    if (session.isConnected && !deps.expired()) {
      try {
        const outcome = await withTimeout(releaseLock(session, deps.lockPath), RELEASE_TIMEOUT_MS);
        log.debug('lock release', { ...fields, outcome, t_ms: sinceStartMs() });
        released = outcome !== 'timeout';
        if (outcome === 'not-ours' || outcome === 'changed') log.warning('the lock node is no longer ours; left it alone', fields);
      } catch (error) {
        log.warning('could not release the lock; it goes away with the session', { ...fields, error: (error as Error).message });
      }
    } else {
      log.warning('ZooKeeper unreachable; the lock goes away when the session expires', fields);
    }
  }
  // Once the lock is deleted, nothing of ours is left in the session: just send the close.
  // Otherwise wait for it, so the ephemeral lock goes now, not at the session timeout.
  await session.close(deps.holdsLock() && !released ? CLOSE_TIMEOUT_MS : 0);
  log.debug('session closed', { t_ms: sinceStartMs() });
}
