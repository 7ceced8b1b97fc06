// Messages from switchman to its fence process, over the IPC channel whose EOF tells the fence
// that switchman is gone. See fence.ts.

/** argv[2] that makes the switchman entry point run as a fence. */
export const FENCE_FLAG = '--internal-fence';

/** Environment variable carrying the run's id into the job's environment (the fence finds stray jobs by it). */
export const RUN_ID_ENV = 'SWITCHMAN_RUN_ID';

/** How long an orphaned fence waits after SIGTERM before SIGKILL (capped by termination_timeout). */
export const ORPHAN_GRACE_MS = 1000;

export type ToFence =
  /** Sent before the job is spawned: if switchman dies before "guard", the fence finds the job by runId. */
  | { t: 'prepare'; runId: string; terminationMs: number; lock: string; logfile: string | undefined }
  /** The job runs as process group pgid; stop it at termInMs, be done by killInMs unless the lease is renewed. */
  | { t: 'guard'; pgid: number; termInMs: number; killInMs: number }
  | { t: 'lease'; termInMs: number; killInMs: number }
  /** The job's tree is gone and switchman is finishing: the fence may exit. */
  | { t: 'release' };

export function isToFence(value: unknown): value is ToFence {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { t?: unknown }).t;
  return t === 'prepare' || t === 'guard' || t === 'lease' || t === 'release';
}
