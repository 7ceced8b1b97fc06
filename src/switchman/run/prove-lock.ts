// Never start on a stale answer: the lock must be ours under a lease that is valid now, not
// merely when its answer was sent. The lease counts from the send time of the latest answered
// request, so a "created" answer held up in the network past the session timeout fails that
// test; one fresh round trip then decides.
import type { StopReason } from '../exit-codes.js';
import { leaseState } from '../lease.js';
import { isOwnedBy } from '../lock.js';
import type { NodeStat } from '../zk-session.js';
import type { Clock, SessionPort } from './ports.js';
import { withTimeout } from './with-timeout.js';

export type Proof =
  /** The stat of our lock node (its czxid is the fencing token); undefined without a lock. */
  | { ok: true; stat: NodeStat | undefined }
  /** Do not start: `ours` says whether the lock node was still ours when read. */
  | { ok: false; ours: boolean; reason: Extract<StopReason, { kind: 'lost-lock' | 'zk-lost' }> };

export interface ProveLockDeps {
  session: SessionPort;
  clock: Clock;
  /** The lock node; undefined without a lock (then a fresh answer about `prefix` is enough). */
  lockPath: string | undefined;
  prefix: string;
  expired(): boolean;
}

export async function proveLock(deps: ProveLockDeps): Promise<Proof> {
  const { session, clock, lockPath } = deps;
  const fresh = (): boolean => leaseState(clock.now(), session.lastContactMs, session.timeoutMs) === 'valid';
  let stat: NodeStat | null = null;
  if (!fresh() || lockPath !== undefined) {
    try {
      const answer = await withTimeout(session.exists(lockPath ?? deps.prefix), Math.floor(session.timeoutMs / 3), clock);
      stat = answer === 'timeout' ? null : answer;
    } catch {
      stat = null;
    }
    const ours = lockPath === undefined ? stat !== null : stat !== null && isOwnedBy(stat, session.sessionId);
    if (!ours || !fresh() || deps.expired()) {
      const reason: Extract<StopReason, { kind: 'lost-lock' | 'zk-lost' }> =
        lockPath === undefined
          ? { kind: 'zk-lost', detail: 'no fresh answer from ZooKeeper before the start' }
          : { kind: 'lost-lock', detail: 'the lock was granted too late to be trusted: no fresh proof that it is still ours' };
      return { ok: false, ours, reason };
    }
  }
  return { ok: true, stat: lockPath === undefined || stat === null ? undefined : stat };
}
