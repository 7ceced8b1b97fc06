// The job under switchman: spawned detached, so it leads a process group (and session) of its
// own; switchman is its parent and reaps it. The job's tree is tracked beyond that group
// (job-tree.ts): by its run cgroup, where it is born, or else by the run id in its environment.
// Stopping the job stops the whole tree: SIGTERM, SIGKILL when the grace period ends, until
// nothing is left. When the main process ends by itself, whatever it left anywhere in the tree is
// stopped the same way before the result is reported (so nothing outlives the lock).
import { monotonicMs } from './clock.js';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { JobStatus } from './exit-codes.js';
import { CGROUP_OFF } from './cgroup.js';
import { RUN_ID_ENV } from './fence-protocol.js';
import { GroupStopper } from './group-stopper.js';
import { TreePlacement } from './job-tree.js';
import type { JobTree, JobTreeOptions, TreeMode } from './job-tree.js';
import { readPeakRssKb } from './proc.js';
import { makeRunId } from './run-id.js';

const RSS_SAMPLE_MS = 500;

export interface JobSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface JobResult {
  status: JobStatus;
  /**
   * Peak memory, kB: the run cgroup's memory.peak (the whole tree) where the kernel keeps it;
   * else the largest VmHWM sampled among the job's processes; undefined when never sampled.
   */
  peakRssKb: number | undefined;
  /** Did the main process leave processes behind that had to be stopped? */
  hadLeftovers: boolean;
  /** Was SIGKILL needed? */
  killed: boolean;
}

export type SpawnOutcome = { ok: true; job: JobSupervisor } | { ok: false; errno: string | undefined; message: string };

/** The job's environment: ours, without Node's IPC plumbing, plus the given extras. */
export function jobEnv(env: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key === 'NODE_CHANNEL_FD' || key === 'NODE_CHANNEL_SERIALIZATION_MODE') continue;
    out[key] = value;
  }
  return { ...out, ...extra };
}

/**
 * The job's main process has ended. If its tree is gone, the result is due now; if anything of it
 * is still there, that is a leftover, stopped as the whole tree is (the result waits for it).
 * One look at the tree, not two: a process that a first look missed (a /proc scan that caught it
 * in the middle of a fork or exec) and a second one found was neither stopped nor polled for,
 * and the result never came (CI caught a run-id job hanging so).
 */
export function settleAfterMainExit(stopper: GroupStopper, terminationMs: number, onLeftovers: () => void): void {
  if (stopper.checkGone() || stopper.isStopping) return;
  onLeftovers();
  stopper.stop(terminationMs);
}

export class JobSupervisor {
  readonly pid: number;
  readonly result: Promise<JobResult>;
  /** The run id the job carries in SWITCHMAN_RUN_ID. */
  readonly runId: string;
  /** How the tree is tracked. */
  readonly treeMode: TreeMode;
  /** The run cgroup's directory (cgroup mode). */
  readonly cgroup: string | undefined;
  /** Why cgroups are not used (run-id mode), for a debug line. */
  readonly fallbackReason: string | undefined;
  private readonly tree: JobTree;
  private readonly stopper: GroupStopper;
  private mainStatus: JobStatus | undefined;
  private hadLeftovers = false;
  private peakRss: number | undefined;
  private readonly sampler: NodeJS.Timeout | undefined;

  private constructor(child: ChildProcess, pid: number, terminationMs: number, placement: TreePlacement) {
    this.pid = pid;
    this.runId = placement.runId;
    this.treeMode = placement.mode;
    this.cgroup = placement.cgroup;
    this.fallbackReason = placement.fallbackReason;
    const tree = placement.attach(pid);
    this.tree = tree;
    this.stopper = new GroupStopper({
      now: () => monotonicMs(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
      signal: (signal) => tree.signal(signal),
      // The main process counts until we have reaped it; the rest while the tree shows them alive.
      alive: () => this.mainStatus === undefined || tree.alive(),
    });
    // The kernel keeps the cgroup's peak where memory.peak exists: no need to sample then.
    if (tree.peakMemoryKb() === undefined) {
      this.sampler = setInterval(() => this.sampleRss(tree), RSS_SAMPLE_MS);
      this.sampler.unref();
    }
    this.result = new Promise<JobResult>((resolve) => {
      child.once('exit', (code, signal) => {
        this.mainStatus = { code, signal };
        this.stopper.onGone(() => {
          if (this.sampler !== undefined) clearInterval(this.sampler);
          const peak = tree.peakMemoryKb() ?? this.peakRss;
          tree.dispose();
          resolve({ status: this.mainStatus as JobStatus, peakRssKb: peak, hadLeftovers: this.hadLeftovers, killed: this.stopper.sentKill });
        });
        // The whole tree, not only the group: processes that left it are leftovers too.
        settleAfterMainExit(this.stopper, terminationMs, () => {
          this.hadLeftovers = true;
          this.sampleRss(tree);
        });
      });
    });
  }

  /**
   * Spawns the job in its own process group, born inside its run cgroup where cgroups are usable
   * (tree.cgroupParent: undefined = `<cgroup2 mount>/switchman`, 'off' = never), tracked by its
   * run id otherwise. The job's environment gets SWITCHMAN_RUN_ID = tree.runId.
   * Without `tree` (callers not yet passing one): the run id already in job.env (or a new one),
   * and no cgroup, so that nothing is created on the machine that the caller did not ask for.
   */
  static spawn(job: JobSpec, terminationMs: number, tree?: JobTreeOptions): Promise<SpawnOutcome> {
    return new Promise((resolve) => {
      const runId = tree?.runId ?? job.env[RUN_ID_ENV] ?? makeRunId();
      const placement = TreePlacement.prepare({ runId, cgroupParent: tree === undefined ? CGROUP_OFF : tree.cgroupParent });
      let child: ChildProcess;
      try {
        child = placement.spawn(() =>
          spawn(job.command, job.args, { detached: true, stdio: 'inherit', env: { ...job.env, [RUN_ID_ENV]: runId }, cwd: job.cwd }),
        );
      } catch (error) {
        void placement.discard();
        resolve({ ok: false, errno: (error as NodeJS.ErrnoException).code, message: (error as Error).message });
        return;
      }
      child.once('error', (error: NodeJS.ErrnoException) => {
        void placement.discard();
        resolve({ ok: false, errno: error.code, message: error.message });
      });
      child.once('spawn', () => resolve({ ok: true, job: new JobSupervisor(child, child.pid as number, terminationMs, placement) }));
    });
  }

  /** Stops the whole tree: SIGTERM now, SIGKILL after graceMs (0 = at once). Repeated calls can only hurry it. */
  stop(graceMs: number): void {
    this.sampleRss(this.tree);
    this.stopper.stop(graceMs);
  }

  private sampleRss(tree: JobTree): void {
    if (this.sampler === undefined) return;
    for (const pid of tree.pids()) {
      const kb = readPeakRssKb(pid);
      if (kb !== undefined && (this.peakRss === undefined || kb > this.peakRss)) this.peakRss = kb;
    }
  }
}
