// Drain and pause, given in ZooKeeper (switchman drain/pause): the control node is read before
// the start (a job held back does not start) and watched while the run waits for resources and
// while the job runs. A drain of this host, or a pause of its group or job, ends a wait at once
// and stops a job with the normal grace period; a drain with --wait (letRunningFinish) lets a
// running job finish, not a waiting one (fleet/records.ts heldBack and mustStop decide).
import { controlPath } from '../fleet/layout.js';
import { heldBack, mustStop, parseControl } from '../fleet/records.js';
import type { Control } from '../fleet/records.js';
import type { OnStop, SessionPort } from './ports.js';

export interface ControlWatcherDeps {
  session: SessionPort;
  prefix: string;
  host: string;
  group: string | undefined;
  /** The lock name, undefined without a lock. */
  lock: string | undefined;
  /** The job's normal grace period (termination_timeout). */
  graceMs: number;
  onStop: OnStop;
}

export class ControlWatcher {
  /** The latest control document read; a drain that comes before the job exists applies once it does. */
  private latest: Control | undefined;
  /** Before the wait or the job, the run itself checks what was read (runner.ts). */
  private phase: 'starting' | 'waiting' | 'running' = 'starting';
  private closed = false;

  constructor(private readonly deps: ControlWatcherDeps) {}

  get control(): Control | undefined {
    return this.latest;
  }

  /** Reads the control node (drained hosts, paused groups and jobs), watching it for changes. */
  async read(initial: boolean): Promise<Control> {
    const { session } = this.deps;
    const path = controlPath(this.deps.prefix);
    try {
      const node = await session.getData(path, this.watcher);
      if (node !== null) return (this.latest = parseControl(node.data.toString('utf8')));
      // No node yet: watch for its creation (set and read again, in case it came meanwhile).
      const stat = await session.exists(path, this.watcher);
      if (stat === null) return (this.latest = parseControl(undefined));
      return this.read(initial);
    } catch (error) {
      if (initial) throw error;
      return parseControl(undefined);
    }
  }

  /** The run waits for its leases from now on: a drain or pause ends the wait. */
  waiting(): void {
    this.phase = 'waiting';
    if (this.latest !== undefined) this.apply(this.latest);
  }

  /** The job runs from now on: what was read meanwhile applies now. */
  jobStarted(): void {
    this.phase = 'running';
    if (this.latest !== undefined) this.apply(this.latest);
  }

  /** Reads again (after a reconnect: a change may have been missed) and acts on the answer. */
  async recheck(): Promise<void> {
    this.apply(await this.read(false));
  }

  private readonly watcher = (): void => {
    if (this.closed) return;
    void this.read(false).then((control) => this.apply(control));
  };

  private apply(control: Control): void {
    if (this.closed || this.phase === 'starting') return;
    const verdict = (this.phase === 'waiting' ? heldBack : mustStop)(control, this.deps.host, this.deps.group, this.deps.lock);
    if (verdict === undefined) return;
    const detail = `${verdict.what} ${verdict.cause} by ${verdict.marker.by}${verdict.marker.reason === '' ? '' : `: ${verdict.marker.reason}`}`;
    this.deps.onStop({ reason: { kind: 'held-back', cause: verdict.cause, detail }, graceMs: this.deps.graceMs });
  }

  close(): void {
    this.closed = true;
  }
}
