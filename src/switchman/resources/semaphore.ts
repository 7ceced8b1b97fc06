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
import { ZK_NODE_EXISTS, ZK_NO_NODE, ZkError } from '../zk-session.js';
import type { ZkSession } from '../zk-session.js';

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

async function ensurePersistent(session: ZkSession, path: string): Promise<void> {
  try {
    await session.createPersistent(path, Buffer.from('0'));
  } catch (error) {
    if (!(error instanceof ZkError && error.code === ZK_NODE_EXISTS)) throw error;
  }
}

async function removeIfThere(session: ZkSession, path: string): Promise<void> {
  try {
    await session.remove(path, -1);
  } catch (error) {
    if (!(error instanceof ZkError && error.code === ZK_NO_NODE)) throw error;
  }
}

/** Waits until the node is gone (or already is). */
function gone(session: ZkSession, path: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    session.exists(path, () => resolve()).then((stat) => {
      if (stat === null) resolve();
    }, reject);
  });
}

/** Takes the resource's mutex: our acquire- node, once no lower one is left. */
async function takeMutex(session: ZkSession, paths: SemaphorePaths, owner: Buffer): Promise<string> {
  const mine = await session.createEphemeralSequential(`${paths.lock}/acquire-`, owner);
  const name = mine.slice(paths.lock.length + 1);
  for (;;) {
    const children = ((await session.getChildren(paths.lock)) ?? []).filter((child) => acquireName.test(child)).sort();
    const lower = children.filter((child) => child < name);
    if (lower.length === 0) return mine;
    await gone(session, `${paths.lock}/${lower[lower.length - 1]!}`);
  }
}

/**
 * One try: the lease when `count` more fits in `total`, else what is used now. Throws on
 * totals that disagree with another holder's.
 */
export async function tryLease(session: ZkSession, prefix: string, resource: string, count: number, total: number, owner: Buffer): Promise<TryResult> {
  const paths = semaphorePaths(prefix, resource);
  for (const path of [paths.base, paths.lock, paths.leases]) await ensurePersistent(session, path);
  const mutex = await takeMutex(session, paths, owner);
  try {
    let used = 0;
    for (const child of (await session.getChildren(paths.leases)) ?? []) {
      const match = leaseName.exec(child);
      if (!match) continue;
      if (Number(match[2]) !== total) throw new Error(`Totals mismatch: ${paths.leases}/${child} ${total}`);
      used += Number(match[1]);
    }
    if (used + count > total) return { granted: false, used };
    const node = await session.createEphemeralSequential(`${paths.leases}/${count}_${total}_`, owner);
    return { granted: true, lease: { resource, node } };
  } finally {
    await removeIfThere(session, mutex);
  }
}

/** Waits for the lease: tries, and tries again each time the leases change. */
export async function acquireLease(session: ZkSession, prefix: string, resource: string, count: number, total: number, owner: Buffer): Promise<HeldLease> {
  const paths = semaphorePaths(prefix, resource);
  for (;;) {
    let changed!: () => void;
    const change = new Promise<void>((resolve) => (changed = resolve));
    // Watch first, then try: a release between the two is not missed.
    await ensurePersistent(session, paths.base);
    await ensurePersistent(session, paths.leases);
    await session.getChildren(paths.leases, () => changed());
    const result = await tryLease(session, prefix, resource, count, total, owner);
    if (result.granted) return result.lease;
    await change;
  }
}

/** Gives the lease back at once (the session's end would too, later). */
export function releaseLease(session: ZkSession, lease: HeldLease): Promise<void> {
  return removeIfThere(session, lease.node);
}
