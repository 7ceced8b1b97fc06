// A healthy session that has nothing to say gets no answers, so the lease would not be renewed:
// a cheap round trip renews it (the answer is contact), and checks on the way that the lock node
// is still ours.
//
// Probes are timed from the latest contact, not from the previous answer: a probe goes out once
// the contact is an interval old, even while earlier ones are still unanswered (ZooKeeper answers
// a session's requests in order). So on a starved box (the :00 herd), where answers take a
// second or two and the run's timers fire late, the contact stays about one interval plus one
// answer's delay old, and a slow start (the job's spawn) is followed by a probe at once.
import { isOwnedBy } from '../lock.js';
import type { Clock, SessionPort } from './ports.js';

/** Probes unanswered at once, at most: more would only queue behind the same slow server. */
export const MAX_OUTSTANDING_PROBES = 3;

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
  private outstanding = 0;
  private checking = false;
  /** When a probe was last due: sent, or skipped (cut off, or too many out). */
  private lastDueMs = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(private readonly deps: ProberDeps) {}

  /** Probes from now on; at once if the latest contact is already an interval old. */
  start(): void {
    if (this.closed || this.timer !== undefined) return;
    this.schedule();
  }

  private get dueMs(): number {
    return Math.max(this.deps.session.lastContactMs, this.lastDueMs) + this.deps.intervalMs;
  }

  private schedule(): void {
    if (this.closed) return;
    const delay = Math.max(1, Math.ceil(this.dueMs - this.deps.clock.now()));
    this.timer = this.deps.clock.setTimer(() => this.tick(), delay);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.closed) return;
    const now = this.deps.clock.now();
    if (now >= this.dueMs) {
      // Cut off, or too many out: no probe (the lease decides), and a look again an interval later.
      this.lastDueMs = now;
      if (this.deps.session.isConnected && this.outstanding < MAX_OUTSTANDING_PROBES) void this.probe();
    }
    this.schedule();
  }

  /** One round trip. */
  private async probe(): Promise<void> {
    const { session, path, onNotOurs } = this.deps;
    this.outstanding += 1;
    try {
      const stat = await session.exists(path);
      if (this.closed || onNotOurs === undefined || this.checking) return;
      if (stat === null || !isOwnedBy(stat, session.sessionId)) {
        this.checking = true;
        await onNotOurs().finally(() => (this.checking = false));
      }
    } catch {
      // Connection trouble: the lease timers handle it.
    } finally {
      this.outstanding -= 1;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.deps.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
