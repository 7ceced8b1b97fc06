// The fence: a small process that switchman starts (detached, in a process group of its own)
// before the job, and that watches over the job's process group from outside:
// - zombie fencing: when the IPC channel from switchman reaches EOF or its parent pid changes
//   (switchman died, even by kill -9), it stops the job's group: SIGTERM, then SIGKILL after
//   ORPHAN_GRACE_MS (or termination_timeout if shorter), until no member is left;
// - dead man's switch: switchman renews a lease after every answer from ZooKeeper; if renewals
//   stop (switchman hung, or cut off), the group gets SIGTERM at the lease's term deadline and
//   SIGKILL at its kill deadline, before the ZooKeeper session could expire.
// If switchman dies between spawning the job and telling the fence its group, the fence finds the
// job's processes by the run id in their environment.
// This file is the logic, with every effect injected; fence-main.ts wires it to the OS.
import { GroupStopper } from './group-stopper.js';
import { ORPHAN_GRACE_MS } from './fence-protocol.js';
import type { ToFence } from './fence-protocol.js';

export interface FenceDeps {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  signalGroup(pgid: number, signal: 'SIGTERM' | 'SIGKILL'): void;
  groupAlive(pgid: number): boolean;
  /** Process groups of the processes whose environment carries this run id. */
  findRunGroups(runId: string): number[];
  log(message: string, fields: Record<string, string | number | undefined>): void;
  exit(): void;
}

export class Fence {
  private runId: string | undefined;
  private terminationMs = 0;
  private lock: string | undefined;
  private pgid: number | undefined;
  private released = false;
  private orphaned = false;
  private ended = false;
  private stoppers = new Map<number, GroupStopper>();
  private leaseTimers: unknown[] = [];
  private leaseKillAt = Number.POSITIVE_INFINITY;

  constructor(private readonly deps: FenceDeps) {}

  get isEnded(): boolean {
    return this.ended;
  }

  onMessage(message: ToFence): void {
    if (this.ended || this.orphaned) return;
    switch (message.t) {
      case 'prepare':
        this.runId = message.runId;
        this.terminationMs = message.terminationMs;
        this.lock = message.lock;
        break;
      case 'guard':
        this.pgid = message.pgid;
        this.renewLease(message.termInMs, message.killInMs);
        break;
      case 'lease':
        if (this.pgid !== undefined) this.renewLease(message.termInMs, message.killInMs);
        break;
      case 'release':
        this.released = true;
        this.end();
        break;
    }
  }

  /** switchman is gone: stop whatever it left running, then exit. */
  onOrphaned(): void {
    if (this.ended || this.orphaned) return;
    this.orphaned = true;
    this.clearLease();
    if (this.released || this.runId === undefined) {
      this.end();
      return;
    }
    const pgids = this.pgid !== undefined ? [this.pgid] : this.deps.findRunGroups(this.runId);
    const live = pgids.filter((p) => this.deps.groupAlive(p));
    if (live.length === 0) {
      this.end();
      return;
    }
    const graceMs = Math.min(this.terminationMs, ORPHAN_GRACE_MS);
    this.deps.log('switchman is gone; stopping the job tree', { lock: this.lock, pgid: live.join(','), grace_ms: graceMs });
    let left = live.length;
    for (const pgid of live) {
      const stopper = this.stopperFor(pgid);
      stopper.onGone(() => {
        left -= 1;
        if (left === 0) this.end();
      });
      stopper.stop(graceMs);
    }
  }

  private stopperFor(pgid: number): GroupStopper {
    let stopper = this.stoppers.get(pgid);
    if (stopper === undefined) {
      stopper = new GroupStopper({
        now: this.deps.now,
        setTimer: this.deps.setTimer,
        clearTimer: this.deps.clearTimer,
        signal: (signal) => this.deps.signalGroup(pgid, signal),
        alive: () => this.deps.groupAlive(pgid),
      });
      this.stoppers.set(pgid, stopper);
    }
    return stopper;
  }

  private renewLease(termInMs: number, killInMs: number): void {
    this.clearLease();
    this.leaseKillAt = this.deps.now() + killInMs;
    this.leaseTimers.push(
      this.deps.setTimer(() => this.leaseExpired(Math.max(0, this.leaseKillAt - this.deps.now())), termInMs),
      this.deps.setTimer(() => this.leaseExpired(0), killInMs),
    );
  }

  private leaseExpired(graceMs: number): void {
    const pgid = this.pgid;
    if (pgid === undefined || this.ended) return;
    const stopper = this.stopperFor(pgid);
    if (!stopper.isStopping) this.deps.log('lease not renewed by switchman; stopping the job tree', { lock: this.lock, pgid, grace_ms: graceMs });
    stopper.stop(graceMs);
  }

  private clearLease(): void {
    for (const t of this.leaseTimers) this.deps.clearTimer(t);
    this.leaseTimers = [];
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.clearLease();
    for (const stopper of this.stoppers.values()) stopper.cancel();
    this.deps.exit();
  }
}
