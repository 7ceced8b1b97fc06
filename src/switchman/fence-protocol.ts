// Messages between switchman and its fence process, over the channel (fd 3 of the fence, a
// socketpair) whose EOF tells the fence that switchman is gone. See fence.ts. switchman writes
// ToFence lines; the fence writes FromFence lines back.

/** argv[2] that makes the switchman entry point run as a fence; argv[3] is the protocol switchman speaks. */
export const FENCE_FLAG = '--internal-fence';

/**
 * The version of the messages below. A run spawns its fence from the file on disk, which an
 * upgrade may have replaced since the run started: a fence refuses a switchman of another
 * protocol (it exits before "ready", so the job does not start). Bump it when a change to
 * ToFence or FromFence would be misread by the other side. A switchman from before this number
 * passes none: it speaks protocol 1.
 */
export const FENCE_PROTOCOL = 1;

/** Environment variable carrying the run's id into the job's environment (the fence finds stray jobs by it). */
export const RUN_ID_ENV = 'SWITCHMAN_RUN_ID';

/** How long an orphaned fence waits after SIGTERM before SIGKILL (capped by termination_timeout). */
export const ORPHAN_GRACE_MS = 1000;

export type ToFence =
  /**
   * Sent before the job is spawned: if switchman dies or stops answering before "guard", the
   * fence finds the job by runId, and in `cgroup` (the run cgroup the job will be born in, if
   * any). The lease runs from here: a switchman frozen between spawning the job and "guard" must
   * not leave the job unfenced.
   */
  | { t: 'prepare'; runId: string; terminationMs: number; lock: string; logfile: string | undefined; cgroup?: string | undefined; termInMs: number; killInMs: number }
  /**
   * The job runs as process group pgid, in the run cgroup `cgroup` when given (then the fence
   * stops that cgroup, which holds the whole tree); stop it at termInMs, be done by killInMs
   * unless the lease is renewed.
   */
  | { t: 'guard'; pgid: number; termInMs: number; killInMs: number; cgroup?: string | undefined }
  | { t: 'lease'; termInMs: number; killInMs: number }
  /** The job's tree is gone and switchman is finishing: the fence may exit. */
  | { t: 'release' };

export function isToFence(value: unknown): value is ToFence {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { t?: unknown }).t;
  return t === 'prepare' || t === 'guard' || t === 'lease' || t === 'release';
}

/** Why the fence stops the job on its own: the lease ran out ('lease'), or switchman is gone ('orphan'). */
export type FenceStopCause = 'lease' | 'orphan';

export type FromFence =
  /** The fence is up: it reads the channel and guards whatever it is told of. Sent once, first. */
  | { t: 'ready' }
  /** The fence has begun stopping the job on its own (sent once per cause). */
  | { t: 'stopping'; cause: FenceStopCause };

export function isFromFence(value: unknown): value is FromFence {
  if (typeof value !== 'object' || value === null) return false;
  const { t, cause } = value as { t?: unknown; cause?: unknown };
  return t === 'ready' || (t === 'stopping' && (cause === 'lease' || cause === 'orphan'));
}
