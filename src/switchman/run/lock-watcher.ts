// The lock node: is it still ours? A watch on it (and the prober, and every reconnect) asks.
// Still ours: carry on. Deleted: take it back for the time it takes to stop the tree, so that
// nobody else starts meanwhile, and stop with the normal grace period. Taken by another session
// (deleted and re-created by someone faster, or never ours): overlap has begun, kill at once.
import type { AcquireResult } from '../lock.js';
import { isOwnedBy } from '../lock.js';
import type { StopReason } from '../exit-codes.js';
import type { ZkWatcher } from '../zk-session.js';
import type { SessionPort } from './ports.js';

/** The lock is no longer ours as it was: whether we hold it now, and the stop that follows. */
export interface LockLoss {
  held: boolean;
  reason: StopReason;
  graceMs: number;
}

export interface LockWatcherDeps {
  session: SessionPort;
  path: string;
  /** Creates the lock node again (acquireLock), setting the watch with the watcher given. */
  retake(watcher: ZkWatcher): Promise<AcquireResult>;
  /** The job's normal grace period (termination_timeout). */
  graceMs: number;
  onLost(loss: LockLoss): void;
  /**
   * Whether the run holds the lock. The watch is set with the create, so a run that found the
   * lock busy has it too: when the holder lets go, such a run must not take the lock (it is on
   * its way out, and the next cron minute decides who runs).
   */
  holdsLock(): boolean;
}

export class LockWatcher {
  private checking = false;
  private again = false;
  private closed = false;

  constructor(private readonly deps: LockWatcherDeps) {}

  /** The watch to set on the lock node (also when taking it first): any change checks again. */
  readonly watcher: ZkWatcher = () => {
    if (this.closed) return;
    void this.check();
  };

  /** Reads the lock node (setting the watch again) until nothing changed during the read. */
  async check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return;
    }
    if (this.closed || !this.deps.holdsLock()) return;
    const { session, path, graceMs } = this.deps;
    this.checking = true;
    try {
      do {
        this.again = false;
        const stat = await session.exists(path, this.watcher);
        if (stat !== null && isOwnedBy(stat, session.sessionId)) continue;
        if (stat === null) {
          const retaken = await this.deps.retake(this.watcher);
          if (retaken.ok) {
            this.deps.onLost({ held: true, reason: { kind: 'lost-lock', detail: 'the lock node was deleted' }, graceMs });
            continue;
          }
          this.deps.onLost({ held: false, reason: { kind: 'lost-lock', detail: `the lock node was deleted and taken by ${retaken.holder ?? 'another runner'}` }, graceMs: 0 });
          continue;
        }
        this.deps.onLost({ held: false, reason: { kind: 'lost-lock', detail: 'the lock node belongs to another session' }, graceMs: 0 });
      } while (this.again && !this.closed);
    } catch {
      // Connection trouble: the lease timers handle it, and a reconnect checks again.
    } finally {
      this.checking = false;
    }
  }

  /** For good: the run is over, or the session expired (the lock went with it). */
  close(): void {
    this.closed = true;
  }
}
