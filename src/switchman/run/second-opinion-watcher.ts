// While our own session is cut off, ask through fresh sessions whether the lock node is still
// ours (second-opinion.ts). "No" means ZooKeeper lost our session or its data, and someone may
// hold the lock already: kill at once instead of waiting for the lease.
import type { LockVerdict } from '../second-opinion.js';
import type { Clock, OnStop, SessionPort } from './ports.js';

/** Between two fresh-session checks while our own session is cut off. */
export const SECOND_OPINION_PAUSE_MS = 50;
export const SECOND_OPINION_MAX_IN_FLIGHT = 6;
/**
 * The first check waits this long. A fresh session costs the quorum two writes (its creation
 * and its close), and when a server of the ensemble dies, every run connected to it is cut off
 * at once; the client moves to the next server within milliseconds, so the runs that would ask
 * are those still cut off after this. A wiped server takes seconds to come back: no loss there.
 */
export const SECOND_OPINION_FIRST_DELAY_MS = 250;
/**
 * After a server said the lock is still ours, the next check waits this share of the session
 * timeout: the session lives on the servers, and the lease stops the job at S/3 anyway.
 */
export const SECOND_OPINION_OURS_FRACTION = 1 / 6;

export interface SecondOpinionDeps {
  session: SessionPort;
  clock: Clock;
  /** One question through a fresh session (askAnotherSession). */
  ask(): Promise<LockVerdict>;
  /** Do we hold the lock? Nothing to ask otherwise. */
  holdsLock(): boolean;
  /** Is the job running? Asking stops when it is over. */
  jobRunning(): boolean;
  /** The lock is lost: the run no longer holds it, and stops the job at once. */
  onStop: OnStop;
}

export class SecondOpinionWatcher {
  private asking = false;
  private closed = false;

  constructor(private readonly deps: SecondOpinionDeps) {}

  /** Asks until the session is back (or the run is over); on the disconnect. */
  async whileDisconnected(): Promise<void> {
    const { session, clock } = this.deps;
    if (this.asking || this.closed || !this.deps.holdsLock()) return;
    this.asking = true;
    const cutOff = (): boolean => !this.closed && !session.isConnected && this.deps.jobRunning();
    const pause = (ms: number): Promise<unknown> => new Promise((resolve) => clock.setTimer(() => resolve(undefined), ms));
    let inFlight = 0;
    /** Later than now only after an "ours". */
    let nextAskAt = Number.NEGATIVE_INFINITY;
    try {
      await pause(SECOND_OPINION_FIRST_DELAY_MS);
      // A new attempt every pause, without waiting for the last: one that hit the server while
      // it was still starting must not delay the one that finds it serving.
      while (cutOff()) {
        if (inFlight < SECOND_OPINION_MAX_IN_FLIGHT && clock.now() >= nextAskAt) {
          inFlight += 1;
          void this.deps.ask().then((verdict) => {
            inFlight -= 1;
            if (verdict === 'ours') nextAskAt = Math.max(nextAskAt, clock.now() + Math.floor(session.timeoutMs * SECOND_OPINION_OURS_FRACTION));
            if (verdict === 'lost' && cutOff()) {
              this.deps.onStop({ reason: { kind: 'zk-lost', detail: 'ZooKeeper no longer knows our lock (session or data lost on the server)' }, graceMs: 0 });
            }
          });
        }
        await pause(SECOND_OPINION_PAUSE_MS);
      }
    } finally {
      this.asking = false;
    }
  }

  close(): void {
    this.closed = true;
  }
}
