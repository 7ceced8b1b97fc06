// A healthy session that has nothing to say gets no answers, so the lease would not be renewed:
// a cheap round trip every sixth of the session timeout renews it (the answer is contact), and
// checks on the way that the lock node is still ours.
import { isOwnedBy } from '../lock.js';
import type { Clock, SessionPort } from './ports.js';

export interface ProberDeps {
  session: SessionPort;
  clock: Clock;
  intervalMs: number;
  /** The node read: the lock node, or the prefix when the job runs without a lock. */
  path: string;
  /** With a lock: called when the node read is not ours (the lock watcher looks closely). */
  onNotOurs?: () => Promise<void>;
}

export class Prober {
  private timer: unknown;
  private probing = false;
  private closed = false;

  constructor(private readonly deps: ProberDeps) {}

  start(): void {
    if (this.closed) return;
    this.timer = this.deps.clock.setTimer(() => {
      this.timer = undefined;
      void this.probe().finally(() => this.start());
    }, this.deps.intervalMs);
  }

  /** One round trip; skipped while one is out or the connection is down (the lease decides then). */
  async probe(): Promise<void> {
    const { session, path, onNotOurs } = this.deps;
    if (this.probing || this.closed || !session.isConnected) return;
    this.probing = true;
    try {
      const stat = await session.exists(path);
      if (onNotOurs !== undefined && (stat === null || !isOwnedBy(stat, session.sessionId))) await onNotOurs();
    } catch {
      // Connection trouble: the lease timers handle it.
    } finally {
      this.probing = false;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.deps.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
