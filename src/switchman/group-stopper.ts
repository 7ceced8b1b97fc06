// Stopping a job's tree: SIGTERM to it, then SIGKILL when the grace period ends (at once when it
// is 0), repeated until no process is left. What "the tree" is belongs to the target: the run's
// cgroup, or the process group plus the processes carrying the run id (job-tree.ts), or a bare
// process group. Pure logic: the clock, the timers, the signals and the liveness check are
// injected, so unit tests never sleep.

export const POLL_MS = 25;

/** What a stopper stops. */
export interface StopTarget {
  /** Signals every process of the target (SIGKILL is repeated on every poll: new members may appear). */
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Is any process of the target alive (zombies are dead)? */
  alive(): boolean;
}

export interface StopperClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export type GroupDeps = StopperClock & StopTarget;

export class GroupStopper {
  private termSent = false;
  private killSent = false;
  private killAt = Number.POSITIVE_INFINITY;
  private timer: unknown;
  private stopping = false;
  private gone = false;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly deps: GroupDeps) {}

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Found empty: this stopper is done for good. */
  get isGone(): boolean {
    return this.gone;
  }

  get sentKill(): boolean {
    return this.killSent;
  }

  /** Starts (or hurries) the stop: SIGKILL at the latest graceMs from now. */
  stop(graceMs: number): void {
    if (this.gone) return;
    this.stopping = true;
    const killAt = this.deps.now() + Math.max(0, graceMs);
    if (killAt < this.killAt) this.killAt = killAt;
    if (graceMs > 0 && !this.termSent) {
      this.termSent = true;
      this.deps.signal('SIGTERM');
    }
    this.poll();
  }

  /** Calls fn once the group is empty (after a stop, or when checked with isGoneNow). */
  onGone(fn: () => void): void {
    if (this.gone) fn();
    else this.waiters.push(fn);
  }

  /** Checks once, without stopping anything. */
  checkGone(): boolean {
    if (!this.gone && !this.deps.alive()) this.markGone();
    return this.gone;
  }

  private markGone(): void {
    this.gone = true;
    if (this.timer !== undefined) this.deps.clearTimer(this.timer);
    this.timer = undefined;
    for (const fn of this.waiters.splice(0)) fn();
  }

  private poll(): void {
    if (this.gone) return;
    if (this.timer !== undefined) {
      this.deps.clearTimer(this.timer);
      this.timer = undefined;
    }
    if (!this.deps.alive()) {
      this.markGone();
      return;
    }
    if (this.deps.now() >= this.killAt) {
      this.killSent = true;
      this.deps.signal('SIGKILL');
    }
    const wait = Math.min(POLL_MS, Math.max(1, this.killAt - this.deps.now()));
    this.timer = this.deps.setTimer(() => {
      this.timer = undefined;
      this.poll();
    }, wait);
  }

  cancel(): void {
    if (this.timer !== undefined) this.deps.clearTimer(this.timer);
    this.timer = undefined;
  }
}
