// Conditional writes of the fleet's records: read, compute, write at the version read, and
// start again when someone else wrote in between. Two hosts that finish a run of one job in
// the same millisecond both land; a drain and a pause given at once both stay.
import { ZK_BAD_VERSION, ZK_NO_NODE, ZK_NODE_EXISTS, ZkError } from '../zk-session.js';
import type { ZkSession } from '../zk-session.js';

/** Enough for any real contention; beyond it something rewrites the node in a loop. */
const MAX_ATTEMPTS = 50;

/** A short random pause after a lost race, so that the writers who lost together do not collide again. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(100, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export type UpdateOutcome = 'written' | 'unchanged';

/**
 * Sets `path` to `update(current)`, where current is the node's data (undefined when there is
 * no node), only if nobody changed the node meanwhile; retries otherwise. `update` returning
 * undefined leaves the node as it is. Parents are made as needed.
 */
export async function updateNode(session: ZkSession, path: string, update: (current: string | undefined) => string | undefined): Promise<UpdateOutcome> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const node = await session.getData(path);
    const next = update(node?.data.toString('utf8'));
    if (next === undefined) return 'unchanged';
    try {
      if (node === null) await createWithParents(session, path, Buffer.from(next, 'utf8'));
      else await session.setData(path, Buffer.from(next, 'utf8'), node.stat.version);
      return 'written';
    } catch (error) {
      if (!(error instanceof ZkError && (error.code === ZK_BAD_VERSION || error.code === ZK_NODE_EXISTS || error.code === ZK_NO_NODE))) throw error;
      await backoff(attempt);
    }
  }
  throw new ZkError(`update ${path}: changed by others ${MAX_ATTEMPTS} times in a row`, ZK_BAD_VERSION);
}

/** Creates a persistent node, making its parents first when they are missing. NodeExists goes to the caller. */
export async function createWithParents(session: ZkSession, path: string, data: Buffer): Promise<void> {
  try {
    await session.createPersistent(path, data);
  } catch (error) {
    if (!(error instanceof ZkError && error.code === ZK_NO_NODE)) throw error;
    await session.mkdirp(path.slice(0, path.lastIndexOf('/')));
    await session.createPersistent(path, data);
  }
}

/** Writes a node whatever it holds (one writer: a host's own heartbeat). */
export async function putNode(session: ZkSession, path: string, data: string): Promise<void> {
  const payload = Buffer.from(data, 'utf8');
  try {
    await session.setData(path, payload, -1);
  } catch (error) {
    if (!(error instanceof ZkError && error.code === ZK_NO_NODE)) throw error;
    try {
      await createWithParents(session, path, payload);
    } catch (again) {
      // Made meanwhile by another writer: ours is the newer data.
      if (!(again instanceof ZkError && again.code === ZK_NODE_EXISTS)) throw again;
      await session.setData(path, payload, -1);
    }
  }
}
