// The run's fence, kept up while the job runs. Should the fence process die (kill -9 by hand,
// the OOM killer), the job would outlive a switchman that died next: so a new fence is started
// and told what the old one knew (the run, the job's tree, the lease as it stands now). A fence
// that keeps dying is not chased for ever: after MAX_REPLACEMENTS the log says the job runs
// unguarded, which cron mails.
import type { FenceStopCause, ToFence } from '../fence-protocol.js';
import type { LogFields } from '../log.js';

/** What the run needs of a fence process (FenceClient is one). */
export interface FenceHandle {
  send(message: ToFence): void;
  release(): void;
  ready(): Promise<boolean>;
  exited(): Promise<void>;
  onStopping(cb: (cause: FenceStopCause) => void): void;
}

export interface KeptFenceDeps {
  /** Starts a new fence process (FenceClient.spawn with the run's command). */
  spawn(): Promise<FenceHandle>;
  /** The lease as it stands now, for a new fence. */
  lease(): { termInMs: number; killInMs: number };
  log: {
    info(message: string, fields?: LogFields): void;
    warning(message: string, fields?: LogFields): void;
    error(message: string, fields?: LogFields): void;
  };
}

/** New fences for one run; a fence that dies more often than this is not the fence's bad luck. */
export const MAX_REPLACEMENTS = 3;

type Prepare = Extract<ToFence, { t: 'prepare' }>;
type Guard = Extract<ToFence, { t: 'guard' }>;

export class KeptFence {
  private current: FenceHandle;
  private released = false;
  private replacements = 0;
  private prepare: Prepare | undefined;
  private guard: Guard | undefined;
  private readonly causes: FenceStopCause[] = [];
  private readonly listeners: ((cause: FenceStopCause) => void)[] = [];
  /** Settles when the latest replacement is up, or given up on (tests wait on it). */
  replaced: Promise<void> = Promise.resolve();

  constructor(
    first: FenceHandle,
    private readonly deps: KeptFenceDeps,
  ) {
    this.current = first;
    this.adopt(first);
  }

  send(message: ToFence): void {
    if (message.t === 'prepare') this.prepare = message;
    if (message.t === 'guard') this.guard = message;
    this.current.send(message);
  }

  /** The job's tree is gone: the fence may go, and a fence that goes is no longer replaced. */
  release(): void {
    this.released = true;
    this.current.release();
  }

  /** As FenceClient.onStopping, over every fence of the run. */
  onStopping(cb: (cause: FenceStopCause) => void): void {
    this.listeners.push(cb);
    for (const cause of this.causes) cb(cause);
  }

  get stoppingCauses(): readonly FenceStopCause[] {
    return this.causes;
  }

  private adopt(fence: FenceHandle): void {
    fence.onStopping((cause) => {
      if (this.causes.includes(cause)) return;
      this.causes.push(cause);
      for (const listener of this.listeners) listener(cause);
    });
    void fence.exited().then(() => {
      if (!this.released && fence === this.current) this.replaced = this.replace();
    });
  }

  private async replace(): Promise<void> {
    if (this.replacements >= MAX_REPLACEMENTS) {
      this.deps.log.error('the fence died again; the job runs without one: should switchman die, it would outlive it', { replaced: this.replacements });
      return;
    }
    this.replacements++;
    this.deps.log.warning('the fence is gone; starting a new one', { replacement: this.replacements });
    let next: FenceHandle;
    try {
      next = await this.deps.spawn();
    } catch (error) {
      this.deps.log.error('cannot start a new fence; the job runs without one', { error: (error as Error).message });
      return;
    }
    if (this.released) {
      next.release();
      return;
    }
    this.current = next;
    this.adopt(next);
    // Not ready means it died: adopt() has already counted that and replaces it in turn.
    if (!(await next.ready()) || this.released || next !== this.current) return;
    // What the old fence knew, with the lease as it is now (the messages carry times left, not deadlines).
    if (this.prepare) next.send({ ...this.prepare, ...this.deps.lease() });
    if (this.guard) next.send({ ...this.guard, ...this.deps.lease() });
    this.deps.log.info('a new fence guards the job', { replacement: this.replacements });
  }
}
