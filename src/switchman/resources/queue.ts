// The fair queue in front of a resource, on App::Switchman's wire: ephemeral sequential nodes
// <prefix>/queues/<resource>/<lockname>-NNNNNNNNNN (data "<fqdn> <pid>"). Only the head of a
// queue tries the semaphore; the others watch the node just ahead of them, by sequence number
// (compared as numbers, whatever the lock name before it). A job that already has a node in a
// queue does not queue twice. A node is left once the job holds all its leases.
import { createOwnSequential } from './own-sequential.js';
import { ResourceError } from './resource-error.js';
import { ensurePersistent, nodeGone, removeIfThere } from './resource-session.js';
import type { ResourceSession } from './resource-session.js';

export function queuePath(prefix: string, resource: string): string {
  return `${prefix}/queues/${resource}`;
}

const sequenceOf = (name: string): number | undefined => {
  const match = /-(\d+)$/.exec(name);
  return match ? Number(match[1]) : undefined;
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether this lock name already waits in the resource's queue (then the job does not run again). */
export async function isQueued(session: ResourceSession, prefix: string, resource: string, lockname: string): Promise<boolean> {
  const mine = new RegExp(`^${escapeRegExp(lockname)}-\\d+$`);
  return ((await session.getChildren(queuePath(prefix, resource))) ?? []).some((child) => mine.test(child));
}

/** Joins the resource's queue; returns our node's path. */
export async function joinQueue(session: ResourceSession, prefix: string, resource: string, lockname: string, owner: Buffer): Promise<string> {
  await ensurePersistent(session, `${prefix}/queues`, owner);
  await ensurePersistent(session, queuePath(prefix, resource), owner);
  return createOwnSequential(session, `${queuePath(prefix, resource)}/${lockname}-`, owner);
}

/** Waits until no node is ahead of ours. Throws when ours is gone or a child is not a queue node. */
export async function waitInQueue(session: ResourceSession, node: string, signal?: AbortSignal): Promise<void> {
  const queue = node.slice(0, node.lastIndexOf('/'));
  const position = sequenceOf(node);
  if (position === undefined) throw new Error(`not a queue node: ${node}`);
  for (;;) {
    const children = (await session.getChildren(queue)) ?? [];
    const ahead: { sequence: number; name: string }[] = [];
    let found = false;
    for (const child of children) {
      const sequence = sequenceOf(child);
      if (sequence === undefined) throw new ResourceError(`Unexpected item <${child}> in queue ${queue}`);
      if (sequence === position) found = true;
      else if (sequence < position) ahead.push({ sequence, name: child });
    }
    if (!found) throw new ResourceError(`Lost position <${position}> in queue ${queue}`);
    if (ahead.length === 0) return;
    const neighbour = ahead.reduce((a, b) => (b.sequence > a.sequence ? b : a));
    await nodeGone(session, `${queue}/${neighbour.name}`, signal);
  }
}

/** Leaves the queue at once (the session's end would too, later). */
export function leaveQueue(session: ResourceSession, node: string): Promise<void> {
  return removeIfThere(session, node);
}
