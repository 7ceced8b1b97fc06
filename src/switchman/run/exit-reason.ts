// Why a job ended when no watcher stopped it: the fence may have (its report and the job's exit
// arrive in either order), or it was killed after the lease ran out (the fence, on its own).
// Either way it is a lost lease, whatever the job's code.
import type { JobStatus, StopReason } from '../exit-codes.js';
import { leaseState } from '../lease.js';
import type { LeaseView } from './grace.js';

export function reasonAfterExit(
  reason: StopReason | undefined,
  fenceStopped: boolean,
  status: JobStatus,
  /** Our live session; undefined once expired (the expiry is the reason then). */
  lease: LeaseView | undefined,
  nowMs: number,
): StopReason | undefined {
  if (reason !== undefined) return reason;
  if (fenceStopped) return { kind: 'zk-lost', detail: 'the fence stopped the job: the lease ran out' };
  if (lease !== undefined && status.signal !== null && leaseState(nowMs, lease.lastContactMs, lease.timeoutMs) !== 'valid') {
    return { kind: 'zk-lost', detail: 'the lease ran out' };
  }
  return undefined;
}
