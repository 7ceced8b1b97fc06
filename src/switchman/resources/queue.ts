// The fair queue in front of a resource, on App::Switchman's wire: ephemeral sequential nodes
// <prefix>/queues/<resource>/<lockname>-NNNNNNNNNN (data "<fqdn> <pid>"). Only the head of a
// queue tries the semaphore; the others watch the node just ahead of them, by sequence number
// (compared as numbers, whatever the lock name before it). A job that already has a node in a
// queue does not queue twice. A node is left once the job holds all its leases.
import { ZK_NODE_EXISTS, ZK_NO_NODE, ZkError } from '../zk-session.js';
import type { ZkSession } from '../zk-session.js';

export function queuePath(prefix: string, resource: string): string {
  return `${prefix}/queues/${resource}`;
}

const sequenceOf = (name: string): number | undefined => {
  const match = /-(\d+)$/.exec(name);
  return match ? Number(match[1]) : undefined;
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether this lock name already waits in the resource's queue (then the job does not run again). */
export async function isQueued(session: ZkSession, prefix: string, resource: string, lockname: string): Promise<boolean> {
  const mine = new RegExp(`^${escapeRegExp(lockname)}-\\d+$`);
  return ((await session.getChildren(queuePath(prefix, resource))) ?? []).some((child) => mine.test(child));
}

async function ensurePersistent(session: ZkSession, path: string): Promise<void> {
  try {
    await session.createPersistent(path, Buffer.alloc(0));
  } catch (error) {
    if (!(error instanceof ZkError && error.code === ZK_NODE_EXISTS)) throw error;
  }
}

/** Joins the resource's queue; returns our node's path. */
export async function joinQueue(session: ZkSession, prefix: string, resource: string, lockname: string, owner: Buffer): Promise<string> {
  await ensurePersistent(session, `${prefix}/queues`);
  await ensurePersistent(session, queuePath(prefix, resource));
  return session.createEphemeralSequential(`${queuePath(prefix, resource)}/${lockname}-`, owner);
}

/** Waits until no node is ahead of ours. Throws when ours is gone or a child is not a queue node. */
export async function waitInQueue(session: ZkSession, node: string): Promise<void> {
  const queue = node.slice(0, node.lastIndexOf('/'));
  const position = sequenceOf(node);
  if (position === undefined) throw new Error(`not a queue node: ${node}`);
  for (;;) {
    const children = (await session.getChildren(queue)) ?? [];
    const ahead: { sequence: number; name: string }[] = [];
    let found = false;
    for (const child of children) {
      const sequence = sequenceOf(child);
      if (sequence === undefined) throw new Error(`Unexpected item <${child}> in queue ${queue}`);
      if (sequence === position) found = true;
      else if (sequence < position) ahead.push({ sequence, name: child });
    }
    if (!found) throw new Error(`Lost position <${position}> in queue ${queue}`);
    if (ahead.length === 0) return;
    const neighbour = ahead.reduce((a, b) => (b.sequence > a.sequence ? b : a));
    await new Promise<void>((resolve, reject) => {
      session.exists(`${queue}/${neighbour.name}`, () => resolve()).then((stat) => {
        if (stat === null) resolve();
      }, reject);
    });
  }
}

/** Leaves the queue at once (the session's end would too, later). */
export async function leaveQueue(session: ZkSession, node: string): Promise<void> {
  try {
    await session.remove(node, -1);
  } catch (error) {
    if (!(error instanceof ZkError && error.code === ZK_NO_NODE)) throw error;
  }
}
