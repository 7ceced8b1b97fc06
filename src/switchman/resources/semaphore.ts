// A lease on one resource, on App::Switchman's wire (Net::ZooKeeper::Semaphore 0.02), so a Perl
// switchman and ours count against each other on one ZooKeeper:
//
//   <prefix>/semaphores/<resource>            persistent, data "0"
//   <prefix>/semaphores/<resource>/lock       a mutex: ephemeral sequential acquire-NNNNNNNNNN
//   <prefix>/semaphores/<resource>/leases     ephemeral sequential <count>_<total>_NNNNNNNNNN
//
// A try takes the mutex (the lowest acquire- node holds it; the others watch the next lower
// one), sums the counts of the leases, and creates ours when they fit in the total; then it
// drops the mutex. Totals that disagree are an error, as in the original.
import { createOwnSequential } from './own-sequential.js';
import { ResourceError } from './resource-error.js';
import { abortable, ensurePersistent, nodeGone, removeIfThere } from './resource-session.js';
import type { ResourceSession } from './resource-session.js';

export interface SemaphorePaths {
  base: string;
  lock: string;
  leases: string;
}

export function semaphorePaths(prefix: string, resource: string): SemaphorePaths {
  const base = `${prefix}/semaphores/${resource}`;
  return { base, lock: `${base}/lock`, leases: `${base}/leases` };
}

/** A held lease: its node, which goes with the session or with release(). */
export interface HeldLease {
  resource: string;
  node: string;
}

export type TryResult = { granted: true; lease: HeldLease } | { granted: false; used: number };

/** The lease nodes' names: `<count>_<total>_<sequence>`. */
const leaseName = /^(-?\d+)_(\d+)_\d+$/;
const acquireName = /^acquire-\d+$/;

/** Takes the resource's mutex: our acquire- node, once no lower one is left. */
async function takeMutex(session: ResourceSession, paths: SemaphorePaths, owner: Buffer, signal?: AbortSignal): Promise<string> {
  const mine = await createOwnSequential(session, `${paths.lock}/acquire-`, owner);
  try {
    const name = mine.slice(paths.lock.length + 1);
    for (;;) {
      const children = ((await session.getChildren(paths.lock)) ?? []).filter((child) => acquireName.test(child)).sort();
      const lower = children.filter((child) => child < name);
      if (lower.length === 0) return mine;
      await nodeGone(session, `${paths.lock}/${lower[lower.length - 1]!}`, signal);
    }
  } catch (error) {
    // Given up while waiting (or failed): our place in the mutex's line goes at once.
    await removeIfThere(session, mine).catch(() => undefined);
    throw error;
  }
}

/**
 * One try: the lease when `count` more fits in `total`, else what is used now. Throws on
 * totals that disagree with another holder's.
 */
export async function tryLease(session: ResourceSession, prefix: string, resource: string, count: number, total: number, owner: Buffer, signal?: AbortSignal): Promise<TryResult> {
  const paths = semaphorePaths(prefix, resource);
  for (const path of [paths.base, paths.lock, paths.leases]) await ensurePersistent(session, path, Buffer.from('0'));
  const mutex = await takeMutex(session, paths, owner, signal);
  try {
    let used = 0;
    for (const child of (await session.getChildren(paths.leases)) ?? []) {
      const match = leaseName.exec(child);
      if (!match) continue;
      if (Number(match[2]) !== total) throw new ResourceError(`Totals mismatch: ${paths.leases}/${child} ${total}`);
      used += Number(match[1]);
    }
    if (used + count > total) return { granted: false, used };
    const node = await createOwnSequential(session, `${paths.leases}/${count}_${total}_`, owner);
    return { granted: true, lease: { resource, node } };
  } finally {
    await removeIfThere(session, mutex);
  }
}

/**
 * Waits for the lease: tries, and tries again each time the leases change (not once a second, as
 * the original polls). Rejects with the signal's reason once it aborts, leaving nothing behind.
 */
export async function acquireLease(session: ResourceSession, prefix: string, resource: string, count: number, total: number, owner: Buffer, signal?: AbortSignal): Promise<HeldLease> {
  const paths = semaphorePaths(prefix, resource);
  for (;;) {
    let changed!: () => void;
    const change = new Promise<void>((resolve) => (changed = resolve));
    // Watch first, then try: a release between the two is not missed.
    await ensurePersistent(session, `${prefix}/semaphores`, owner);
    await ensurePersistent(session, paths.base, Buffer.from('0'));
    await ensurePersistent(session, paths.leases, Buffer.from('0'));
    await session.getChildren(paths.leases, () => changed());
    const result = await tryLease(session, prefix, resource, count, total, owner, signal);
    if (result.granted) return result.lease;
    await abortable(change, signal);
  }
}

/** Gives the lease back at once (the session's end would too, later). */
export function releaseLease(session: ResourceSession, lease: HeldLease): Promise<void> {
  return removeIfThere(session, lease.node);
}
