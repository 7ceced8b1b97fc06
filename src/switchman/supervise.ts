// The job under switchman: spawned detached, so it leads a process group (and session) of its
// own; switchman is its parent and reaps it. Stopping the job stops the whole group: SIGTERM to
// -pgid, SIGKILL to -pgid when the grace period ends, until no member is left. When the main
// process ends by itself, whatever it left in the group is stopped the same way before the
// result is reported (so nothing outlives the lock).
import { monotonicMs } from './clock.js';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { JobStatus } from './exit-codes.js';
import { GroupStopper } from './group-stopper.js';
import { isGroupAlive, listGroupMembers, readPeakRssKb } from './proc.js';

const RSS_SAMPLE_MS = 500;

export interface JobSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface JobResult {
  status: JobStatus;
  /** Largest VmHWM seen among the job's processes, kB; undefined when never sampled. */
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

export class JobSupervisor {
  readonly pid: number;
  readonly result: Promise<JobResult>;
  private readonly stopper: GroupStopper;
  private mainStatus: JobStatus | undefined;
  private hadLeftovers = false;
  private peakRss: number | undefined;
  private readonly sampler: NodeJS.Timeout;

  private constructor(child: ChildProcess, pid: number, terminationMs: number) {
    this.pid = pid;
    this.stopper = new GroupStopper({
      now: () => monotonicMs(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
      signal: (signal) => {
        try {
          process.kill(-pid, signal);
        } catch {
          // Nothing left.
        }
      },
      // The main process counts until we have reaped it; the rest while /proc shows them alive.
      alive: () => this.mainStatus === undefined || isGroupAlive(pid),
    });
    this.sampler = setInterval(() => this.sampleRss(), RSS_SAMPLE_MS);
    this.sampler.unref();
    this.result = new Promise<JobResult>((resolve) => {
      child.once('exit', (code, signal) => {
        this.mainStatus = { code, signal };
        if (!this.stopper.isStopping && isGroupAlive(pid)) {
          this.hadLeftovers = true;
          this.sampleRss();
          this.stopper.stop(terminationMs);
        }
        this.stopper.onGone(() => {
          clearInterval(this.sampler);
          resolve({ status: this.mainStatus as JobStatus, peakRssKb: this.peakRss, hadLeftovers: this.hadLeftovers, killed: this.stopper.sentKill });
        });
        this.stopper.checkGone();
      });
    });
  }

  static spawn(job: JobSpec, terminationMs: number): Promise<SpawnOutcome> {
    return new Promise((resolve) => {
      const child = spawn(job.command, job.args, { detached: true, stdio: 'inherit', env: job.env, cwd: job.cwd });
      child.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, errno: error.code, message: error.message }));
      child.once('spawn', () => resolve({ ok: true, job: new JobSupervisor(child, child.pid as number, terminationMs) }));
    });
  }

  /** Stops the whole group: SIGTERM now, SIGKILL after graceMs (0 = at once). Repeated calls can only hurry it. */
  stop(graceMs: number): void {
    this.sampleRss();
    this.stopper.stop(graceMs);
  }

  private sampleRss(): void {
    for (const member of listGroupMembers(this.pid)) {
      const kb = readPeakRssKb(member.pid);
      if (kb !== undefined && (this.peakRss === undefined || kb > this.peakRss)) this.peakRss = kb;
    }
  }
}
