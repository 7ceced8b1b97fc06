// What the resource code needs of a ZooKeeper session (ZkSession satisfies it), so that the
// lost-reply handling can be unit-tested with a fake; and the small waits it is built from.
import { ZK_NODE_EXISTS, ZK_NO_NODE, ZkError } from '../zk-session.js';
import type { NodeStat, ZkSession } from '../zk-session.js';

export type ResourceSession = Pick<
  ZkSession,
  'sessionId' | 'isConnected' | 'exists' | 'getChildren' | 'createEphemeralSequential' | 'createPersistent' | 'remove' | 'on' | 'off'
>;

/** The data of every node we make: "<fqdn> <pid>", as App::Switchman writes it. */
export function ownerData(host: string, pid: number): Buffer {
  return Buffer.from(`${host} ${pid}`);
}

/** A persistent node, unless it is there already. */
export async function ensurePersistent(session: ResourceSession, path: string, data: Buffer): Promise<void> {
  try {
    await session.createPersistent(path, data);
  } catch (error) {
    if (!(error instanceof ZkError && error.code === ZK_NODE_EXISTS)) throw error;
  }
}

/** Deletes a node of ours; one already gone is fine. */
export async function removeIfThere(session: ResourceSession, path: string): Promise<void> {
  try {
    await session.remove(path, -1);
  } catch (error) {
    if (!(error instanceof ZkError && error.code === ZK_NO_NODE)) throw error;
  }
}

/** Rejects with the signal's reason once it aborts; otherwise settles as the promise does. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/** Waits until the node is gone (or already is), or the signal aborts. */
export function nodeGone(session: ResourceSession, path: string, signal?: AbortSignal): Promise<void> {
  const gone = new Promise<void>((resolve, reject) => {
    session.exists(path, () => resolve()).then((stat: NodeStat | null) => {
      if (stat === null) resolve();
    }, reject);
  });
  return abortable(gone, signal);
}
