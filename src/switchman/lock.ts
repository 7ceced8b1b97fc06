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

/** The original switchman's limit on a lock name. */
export const maxLockNameLength = 512;

/** What ZooKeeper's PathUtils.validatePath refuses in a path: controls, surrogates and private use, U+FFF0-U+FFFF. */
const refusedByZooKeeper = /[\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/;

/** The first character ZooKeeper would refuse in a path, as U+XXXX; undefined when there is none. */
export function refusedCharacter(path: string): string | undefined {
  const refused = refusedByZooKeeper.exec(path);
  // A character beyond U+FFFF is refused too (ZooKeeper checks UTF-16 units): name it, not its half.
  return refused ? `U+${(path.codePointAt(refused.index) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** A lock name must be one ZooKeeper path segment that ZooKeeper accepts; undefined when it is. */
export function checkLockName(name: string): string | undefined {
  const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
  if (name === '' || name === '.' || name === '..' || name.includes('/')) {
    return `invalid lock name ${shown}: it must be one path segment (give --lockname when CMD ends in "/")`;
  }
  const refused = refusedCharacter(name);
  if (refused !== undefined) return `invalid lock name ${shown}: ZooKeeper refuses the character ${refused} in it`;
  if (name.length > maxLockNameLength) return `invalid lock name ${shown}: ${name.length} characters, more than ${maxLockNameLength}`;
  if (name === 'zookeeper') return 'invalid lock name "zookeeper": reserved by ZooKeeper';
  return undefined;
}

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
