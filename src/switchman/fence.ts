// The fence: a small process that switchman starts (detached, in a process group of its own)
// before the job, and that watches over the job's tree from outside:
// - zombie fencing: when the IPC channel from switchman reaches EOF or its parent pid changes
//   (switchman died, even by kill -9), it stops the job's tree: SIGTERM, then SIGKILL after
//   ORPHAN_GRACE_MS (or termination_timeout if shorter), until nothing is left;
// - dead man's switch: switchman renews a lease after every answer from ZooKeeper; if renewals
//   stop (switchman hung, or cut off), the tree gets SIGTERM at the lease's term deadline and
//   SIGKILL at its kill deadline, before the ZooKeeper session could expire. The lease runs from
//   "prepare", before the job exists: until "guard" the tree is whatever carries the run id.
// The tree is the run cgroup when switchman said the job is in one ("guard" with cgroup): the
// fence is outside it, and cgroup.kill takes everything. Otherwise it is the job's process
// group, plus the groups of every process carrying the run id in its environment (setsid and
// the like leave the group but keep the environment), plus the planned cgroup if it exists (for
// a switchman that died between spawning the job and "guard").
// When it decides to stop the job, the fence tells switchman so (a FromFence line), so that
// switchman reports the stop as the fence's, not as the job's own end.
// This file is the logic, with every effect injected; fence-main.ts wires it to the OS.
import { GroupStopper } from './group-stopper.js';
import { ORPHAN_GRACE_MS } from './fence-protocol.js';

/** How often a stop in progress looks again for processes carrying the run id. */
const RUN_SCAN_MS = 250;
import type { FenceStopCause, FromFence, ToFence } from './fence-protocol.js';

export interface FenceDeps {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  signalGroup(pgid: number, signal: 'SIGTERM' | 'SIGKILL'): void;
  groupAlive(pgid: number): boolean;
  /** Process groups of the processes whose environment carries this run id. */
  findRunGroups(runId: string): number[];
  /** Signals every process of a run cgroup (SIGKILL: cgroup.kill); nothing when it does not exist. */
  signalCgroup?(dir: string, signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Is any process left in the run cgroup? One that does not exist is empty. */
  cgroupAlive?(dir: string): boolean;
  /** Removes an emptied run cgroup (switchman, gone, no longer can). */
  removeCgroup?(dir: string): void;
  /** Writes a message back to switchman (which may be gone: failures are ignored). */
  notify?(message: FromFence): void;
  log(message: string, fields: Record<string, string | number | undefined>): void;
  exit(): void;
}

export class Fence {
  private runId: string | undefined;
  private terminationMs = 0;
  private lock: string | undefined;
  private pgid: number | undefined;
  /** The cgroup the job is in, from "guard": the whole tree. */
  private cgroup: string | undefined;
  /** The cgroup the job was to be born in, from "prepare". */
  private plannedCgroup: string | undefined;
  /** Groups seen in the tree during a stop: a group whose run-id carriers died may keep other members. */
  private readonly seenGroups = new Set<number>();
  private runScanAt = Number.NEGATIVE_INFINITY;
  private released = false;
  private orphaned = false;
  private ended = false;
  private stopper: GroupStopper | undefined;
  private readonly told = new Set<FenceStopCause>();
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
        this.plannedCgroup = message.cgroup;
        this.renewLease(message.termInMs, message.killInMs);
        break;
      case 'guard':
        this.pgid = message.pgid;
        this.cgroup = message.cgroup;
        this.renewLease(message.termInMs, message.killInMs);
        break;
      case 'lease':
        if (this.runId !== undefined) this.renewLease(message.termInMs, message.killInMs);
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
    if (this.released || this.runId === undefined || !this.treeAlive()) {
      this.end();
      return;
    }
    const graceMs = Math.min(this.terminationMs, ORPHAN_GRACE_MS);
    this.tell('orphan');
    this.deps.log('switchman is gone; stopping the job tree', { lock: this.lock, ...this.describeTree(), grace_ms: graceMs });
    const stopper = this.treeStopper();
    stopper.onGone(() => {
      // Nobody else will remove the run cgroup now (a later sweep would).
      for (const dir of new Set([this.cgroup, this.plannedCgroup])) if (dir !== undefined) this.deps.removeCgroup?.(dir);
      this.end();
    });
    stopper.stop(graceMs);
  }

  /**
   * The groups of the tree outside a cgroup: the job's own, and those of the processes carrying
   * the run id. Looking for the latter reads every process's environment: done at most every
   * RUN_SCAN_MS while polling, or when `fresh` (before calling the tree gone).
   */
  private treeGroups(fresh = false): number[] {
    if (this.pgid !== undefined) this.seenGroups.add(this.pgid);
    const now = this.deps.now();
    if (this.runId !== undefined && (fresh || now - this.runScanAt >= RUN_SCAN_MS)) {
      this.runScanAt = now;
      for (const g of this.deps.findRunGroups(this.runId)) this.seenGroups.add(g);
    }
    return [...this.seenGroups];
  }

  /** The job is in a cgroup and we can act on it: that cgroup is the whole tree. */
  private get inCgroup(): boolean {
    return this.cgroup !== undefined && this.deps.signalCgroup !== undefined && this.deps.cgroupAlive !== undefined;
  }

  private signalTree(signal: 'SIGTERM' | 'SIGKILL'): void {
    if (this.inCgroup) {
      this.deps.signalCgroup?.(this.cgroup as string, signal);
      return;
    }
    if (this.plannedCgroup !== undefined) this.deps.signalCgroup?.(this.plannedCgroup, signal);
    for (const g of this.treeGroups()) this.deps.signalGroup(g, signal);
  }

  private treeAlive(): boolean {
    if (this.inCgroup) return this.deps.cgroupAlive?.(this.cgroup as string) ?? false;
    if (this.plannedCgroup !== undefined && this.deps.cgroupAlive?.(this.plannedCgroup) === true) return true;
    const scanAt = this.runScanAt;
    if (this.treeGroups().some((g) => this.deps.groupAlive(g))) return true;
    // Gone, unless a fresh look finds more carriers of the run id (no need if one just ran).
    return this.runScanAt !== scanAt ? false : this.treeGroups(true).some((g) => this.deps.groupAlive(g));
  }

  private describeTree(): Record<string, string | undefined> {
    if (this.inCgroup) return { cgroup: this.cgroup };
    return { pgid: this.treeGroups().join(','), cgroup: this.plannedCgroup };
  }

  /** The stopper of the tree; a new one once the last found it gone (a job spawned since is a tree again). */
  private treeStopper(): GroupStopper {
    if (this.stopper?.isGone === true) this.stopper = undefined;
    this.stopper ??= new GroupStopper({
      now: this.deps.now,
      setTimer: this.deps.setTimer,
      clearTimer: this.deps.clearTimer,
      signal: (signal) => this.signalTree(signal),
      alive: () => this.treeAlive(),
    });
    return this.stopper;
  }

  /** Tells switchman, once per cause, that the fence is stopping the job. */
  private tell(cause: FenceStopCause): void {
    if (this.told.has(cause)) return;
    this.told.add(cause);
    this.deps.notify?.({ t: 'stopping', cause });
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
    if (this.runId === undefined || this.ended) return;
    const stopper = this.treeStopper();
    if (!stopper.isStopping) {
      this.tell('lease');
      this.deps.log('lease not renewed by switchman; stopping the job tree', { lock: this.lock, ...this.describeTree(), grace_ms: graceMs });
    }
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
    this.stopper?.cancel();
    this.deps.exit();
  }
}
