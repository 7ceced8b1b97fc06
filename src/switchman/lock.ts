// The lock of a job: the ephemeral node `<prefix>/locks/<lockname>` with data "<fqdn> <pid>",
// as App::Switchman writes it. We only ever delete a lock node we own: same session
// (ephemeralOwner) and the version we saw.
import { ZK_BAD_VERSION, ZK_NO_NODE, ZK_NODE_EXISTS, ZkError } from './zk-session.js';
import type { NodeStat, ZkSession, ZkWatcher } from './zk-session.js';

export function locksPath(prefix: string): string {
  return `${prefix}/locks`;
}

export function lockPath(prefix: string, lockname: string): string {
  return `${locksPath(prefix)}/${lockname}`;
}

export { checkLockName, maxLockNameLength, refusedCharacter } from '../contract/lock-name.js';

export function formatLockData(host: string, pid: number): string {
  return `${host} ${pid}`;
}

export interface LockHolder {
  host: string;
  pid: number | undefined;
}

export function parseLockData(text: string): LockHolder {
  const trimmed = text.trim();
  const space = trimmed.lastIndexOf(' ');
  if (space <= 0) return { host: trimmed, pid: undefined };
  const pid = Number(trimmed.slice(space + 1));
  return Number.isInteger(pid) && pid > 0 ? { host: trimmed.slice(0, space), pid } : { host: trimmed, pid: undefined };
}

export function isOwnedBy(stat: NodeStat, sessionId: string): boolean {
  return stat.ephemeralOwner === sessionId;
}

export type AcquireResult = { ok: true; stat: NodeStat | undefined } | { ok: false; holder: string | undefined };

/**
 * Creates the lock node; `ok: false` when another session holds it. The create and an `exists`
 * (which sets the watcher) are sent back to back: ZooKeeper answers them in order, in one round trip.
 */
export async function acquireLock(session: ZkSession, path: string, data: string, watcher?: ZkWatcher): Promise<AcquireResult> {
  const payload = Buffer.from(data, 'utf8');
  for (let attempt = 0; ; attempt += 1) {
    const created = session.createEphemeral(path, payload);
    const watched = session.exists(path, watcher);
    try {
      await created;
    } catch (error) {
      await watched.catch(() => null);
      if (error instanceof ZkError && error.code === ZK_NO_NODE && attempt === 0) {
        await session.mkdirp(path.slice(0, path.lastIndexOf('/')));
        continue;
      }
      if (error instanceof ZkError && error.code === ZK_NODE_EXISTS) {
        const current = await session.getData(path);
        return { ok: false, holder: current?.data.toString('utf8') };
      }
      throw error;
    }
    // Created, but the read after it failed (connection lost): the node may well be ours. Say so;
    // the runner proves it with a fresh round trip before starting anything.
    const stat = await watched.catch(() => undefined);
    if (stat === undefined) return { ok: true, stat: undefined };
    if (stat !== null && isOwnedBy(stat, session.sessionId)) return { ok: true, stat };
    // Deleted (and maybe re-created by someone else) between our create and this read.
    const current = stat === null ? null : await session.getData(path);
    return { ok: false, holder: current?.data.toString('utf8') };
  }
}

export type ReleaseResult = 'released' | 'gone' | 'not-ours' | 'changed';

/**
 * Deletes the lock node if, and only if, it is still ours: the owner in its Stat is our session
 * and the delete is conditional on the version we just read. A runner that lost its session never
 * removes the lock of a newer runner.
 */
export async function releaseLock(session: ZkSession, path: string): Promise<ReleaseResult> {
  const stat = await session.exists(path);
  if (stat === null) return 'gone';
  if (!isOwnedBy(stat, session.sessionId)) return 'not-ours';
  try {
    await session.remove(path, stat.version);
    return 'released';
  } catch (error) {
    if (error instanceof ZkError && error.code === ZK_NO_NODE) return 'gone';
    if (error instanceof ZkError && error.code === ZK_BAD_VERSION) return 'changed';
    throw error;
  }
}

export interface LockEntry {
  lock: string;
  host: string;
  pid: number | undefined;
  /** Creation time of the lock node on the ZooKeeper server. */
  since: Date;
  /** ZooKeeper session holding it ('0000000000000000' when the node is not ephemeral: stale, made by hand). */
  session: string;
}

export async function readLocks(session: ZkSession, prefix: string): Promise<LockEntry[]> {
  const dir = locksPath(prefix);
  const children = (await session.getChildren(dir)) ?? [];
  const nodes = await Promise.all(children.map(async (name) => ({ name, node: await session.getData(`${dir}/${name}`) })));
  const entries: LockEntry[] = [];
  for (const { name, node } of nodes) {
    if (node === null) continue; // released meanwhile
    const holder = parseLockData(node.data.toString('utf8'));
    entries.push({ lock: name, host: holder.host, pid: holder.pid, since: new Date(node.stat.ctimeMs), session: node.stat.ephemeralOwner });
  }
  return entries.sort((a, b) => (a.lock < b.lock ? -1 : a.lock > b.lock ? 1 : 0));
}
