// The job's whole process tree, as something to signal and to watch: the process group alone
// is not enough, since a job's processes may leave it (setsid, a double-forked daemon,
// setpgid, `set -m` in bash).
// - With cgroup v2 (cgroup.ts): the run's cgroup holds every descendant, whatever it does.
// - Fallback, where cgroups are unavailable (not root, no cgroup2, cgroupParent 'off'): the
//   job's process group, plus every process whose environment carries SWITCHMAN_RUN_ID=<run
//   id> (every descendant inherits it), plus those processes' own groups. Limit: a process
//   that leaves the group AND drops the environment (`env -i setsid CMD`) is not found; only
//   the cgroup catches that one.
import { join } from 'node:path';
import { locateCgroups, prepareCgroups, RunCgroup } from './cgroup.js';
import { RUN_ID_ENV } from './fence-protocol.js';
import { monotonicMs } from './clock.js';
import { findJobProcesses, hasProcFs, isGroupAlive, listGroupMembers, readProc } from './proc.js';
import type { ProcInfo } from './proc.js';
import { makeRunId, parseRunId } from './run-id.js';

export type TreeSignal = 'SIGTERM' | 'SIGKILL';

export interface JobTreeOptions {
  /** The run id, also in the job's environment as SWITCHMAN_RUN_ID (makeRunId() makes one). */
  runId: string;
  /** Where run cgroups go: undefined = `<cgroup2 mount>/switchman`, 'off' = never use cgroups. */
  cgroupParent: string | undefined;
}

/** How the tree is tracked: 'cgroup', or 'run-id' (process group and environment). */
export type TreeMode = 'cgroup' | 'run-id';

export interface JobTree {
  readonly mode: TreeMode;
  /** The run cgroup's directory in cgroup mode. */
  readonly cgroup: string | undefined;
  /** Signals every process of the tree. */
  signal(signal: TreeSignal): void;
  /** Is any process of the tree alive (zombies are dead)? */
  alive(): boolean;
  /** The tree's live pids, for memory sampling. */
  pids(): number[];
  /** Peak memory of the whole tree, kB, when the kernel keeps it (memory.peak). */
  peakMemoryKb(): number | undefined;
  /** Once the tree is gone: removes what the run created (the cgroup). Best effort. */
  dispose(): void;
}

function kill(target: number, signal: TreeSignal): void {
  try {
    process.kill(target, signal);
  } catch {
    // Gone.
  }
}

class CgroupTree implements JobTree {
  readonly mode = 'cgroup';
  constructor(private readonly run: RunCgroup) {}
  get cgroup(): string {
    return this.run.path;
  }
  signal(signal: TreeSignal): void {
    this.run.signal(signal);
  }
  alive(): boolean {
    return this.run.populated();
  }
  pids(): number[] {
    return this.run.pids();
  }
  peakMemoryKb(): number | undefined {
    return this.run.peakMemoryKb();
  }
  dispose(): void {
    this.run.remove();
  }
}

let ownPgid: number | undefined;

/** Our own process group, never to be signalled as part of a job. */
function ownGroup(): number {
  ownPgid ??= readProc(process.pid)?.pgid ?? process.pid;
  return ownPgid;
}

/**
 * Full /proc scans (stat and environment of every process) are dear: about 55 us per process,
 * 60 ms on a box with 1000 processes (bench/sweep.bench.ts). They run at most this often while
 * processes known from the last scan are still alive; "gone" is only ever concluded from a
 * fresh scan.
 */
export const FULL_SCAN_MS = 250;
/** How long a scan that found nothing, after one that found something, waits before looking again. */
const RESCAN_PAUSE_MS = 10;
/** While the job runs, peak-memory sampling looks for escaped processes this seldom. */
const SAMPLE_SCAN_MS = 5000;

function isLive(pid: number): boolean {
  const info = readProc(pid);
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
}

class RunIdTree implements JobTree {
  readonly mode = 'run-id';
  readonly cgroup = undefined;
  private readonly entry: string;
  private known: ProcInfo[] = [];
  private scannedAt = Number.NEGATIVE_INFINITY;

  constructor(
    runId: string,
    private readonly pgid: number,
  ) {
    this.entry = `${RUN_ID_ENV}=${runId}`;
  }

  /** The group's members, the run id's carriers and their groups' members (one pass over /proc). */
  private scan(): ProcInfo[] {
    this.known = findJobProcesses(this.pgid, this.entry);
    this.scannedAt = monotonicMs();
    return this.known;
  }

  private recent(maxAgeMs: number): ProcInfo[] {
    return monotonicMs() - this.scannedAt < maxAgeMs ? this.known : this.scan();
  }

  signal(signal: TreeSignal): void {
    kill(-this.pgid, signal);
    const groups = new Set<number>();
    for (const p of this.recent(FULL_SCAN_MS)) {
      kill(p.pid, signal);
      groups.add(p.pgid);
    }
    for (const g of groups) if (g !== this.pgid && g > 1 && g !== ownGroup()) kill(-g, signal);
  }

  alive(): boolean {
    if (!hasProcFs) return isGroupAlive(this.pgid);
    // Cheap while a process the last scan found lives on: one stat read each. (Not kill(pid, 0):
    // it counts zombies, and a killed job's orphans are zombies until init reaps them.)
    if (monotonicMs() - this.scannedAt < FULL_SCAN_MS && this.known.some((p) => isLive(p.pid))) return true;
    const knewSome = this.known.length > 0;
    if (this.scan().length > 0) return true;
    // A process caught in the middle of a fork or an exec can be unreadable in /proc for an
    // instant: before "gone" (which lets the result out and the lock go), one more look.
    if (knewSome) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RESCAN_PAUSE_MS);
      return this.scan().length > 0;
    }
    return false;
  }

  pids(): number[] {
    const pids = new Set(listGroupMembers(this.pgid).map((p) => p.pid));
    for (const p of this.recent(SAMPLE_SCAN_MS)) pids.add(p.pid);
    return [...pids];
  }

  peakMemoryKb(): undefined {
    return undefined;
  }

  dispose(): void {
    // Nothing was created.
  }
}

/**
 * Where the run cgroup of this run will be, if cgroups look usable (nothing is created): for the
 * fence's "prepare", sent before the job is spawned.
 */
export function plannedCgroup(options: JobTreeOptions): string | undefined {
  const located = locateCgroups(options.cgroupParent);
  if (!located.ok || parseRunId(options.runId) === undefined) return undefined;
  return join(located.parent, options.runId);
}

/** A tree about to be spawned: where the job will be born, and how it will be tracked. */
export class TreePlacement {
  private constructor(
    readonly runId: string,
    private run: RunCgroup | undefined,
    private reason: string | undefined,
  ) {}

  /**
   * Creates the run cgroup when cgroups are usable (named by the run id when it is one of
   * makeRunId's, so a sweep can tell whether its runner lives), else plans the fallback.
   */
  static prepare(options: JobTreeOptions): TreePlacement {
    const support = prepareCgroups(options.cgroupParent);
    if (!support.ok) return new TreePlacement(options.runId, undefined, support.reason);
    const name = parseRunId(options.runId) !== undefined ? options.runId : makeRunId();
    try {
      return new TreePlacement(options.runId, RunCgroup.create(support, name), undefined);
    } catch (error) {
      return new TreePlacement(options.runId, undefined, `cannot create a cgroup in ${support.parent}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }

  /** Why the fallback is used, in 'run-id' mode. */
  get fallbackReason(): string | undefined {
    return this.reason;
  }

  get mode(): TreeMode {
    return this.run === undefined ? 'run-id' : 'cgroup';
  }

  get cgroup(): string | undefined {
    return this.run?.path;
  }

  /**
   * Runs fn, which must fork synchronously, so that the child is born in the run cgroup. If we
   * cannot enter it, the cgroup is dropped and the job runs under the fallback.
   */
  spawn<T>(fn: () => T): T {
    const run = this.run;
    if (run === undefined) return fn();
    let entered = false;
    try {
      return run.spawnInside(() => {
        entered = true;
        return fn();
      });
    } catch (error) {
      if (entered) throw error;
      // Could not move in: run without the cgroup rather than not at all.
      run.remove();
      this.run = undefined;
      this.reason = `cannot enter ${run.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      return fn();
    }
  }

  /** The tree of the job whose main process (and process group leader) is `pgid`. */
  attach(pgid: number): JobTree {
    return this.run === undefined ? new RunIdTree(this.runId, pgid) : new CgroupTree(this.run);
  }

  /** The spawn failed: removes the cgroup once the failed child has left it (its exec failed, it exits at once). */
  async discard(): Promise<void> {
    const run = this.run;
    if (run === undefined) return;
    for (let i = 0; i < 50 && run.populated(); i += 1) await new Promise((r) => setTimeout(r, 20));
    run.remove();
  }
}
