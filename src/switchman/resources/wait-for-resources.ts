// The wait of a run with --lease, in App::Switchman's order: join the queue of every leased
// resource (in the prefix list's order; a job already queued for one does not queue twice),
// then for each resource in turn wait to be the head of its queue and take the lease, and
// leave all queues once every lease is held. The caller aborts the wait (a stop, a drain, the
// job's lock taken by another runner, resources_wait_timeout): then every node made so far
// goes at once, not when the session ends.
import { isQueued, joinQueue, leaveQueue, waitInQueue } from './queue.js';
import { acquireLease, releaseLease } from './semaphore.js';
import type { HeldLease } from './semaphore.js';
import type { Lease } from '../../contract/lease-option.js';
import type { ResourceSession } from './resource-session.js';

export interface ResourceWaitDeps {
  session: ResourceSession;
  prefix: string;
  lockname: string;
  /** In the order they are taken (orderLeases). */
  leases: readonly Lease[];
  owner: Buffer;
  signal: AbortSignal;
  /** Each step, for the debug log. */
  progress?(step: string, resource: string): void;
}

/** The leases a run holds; release() gives them back at once (and is safe to call again). */
export class HeldResources {
  private released = false;

  constructor(
    private readonly session: ResourceSession,
    readonly leases: readonly HeldLease[],
  ) {}

  release(): Promise<void> {
    if (this.released) return Promise.resolve();
    this.released = true;
    return Promise.all(this.leases.map((lease) => releaseLease(this.session, lease))).then(() => undefined);
  }
}

export type ResourceWait = { kind: 'granted'; held: HeldResources } | { kind: 'already-queued'; resource: string } | { kind: 'aborted'; reason: unknown };

export async function waitForResources(deps: ResourceWaitDeps): Promise<ResourceWait> {
  const { session, prefix, lockname, owner, signal } = deps;
  const positions: string[] = [];
  const held: HeldLease[] = [];
  const giveBack = async (): Promise<void> => {
    await Promise.all([...positions.map((node) => leaveQueue(session, node)), ...held.map((lease) => releaseLease(session, lease))]);
  };
  try {
    for (const { resource } of deps.leases) {
      if (await isQueued(session, prefix, resource, lockname)) {
        await giveBack();
        return { kind: 'already-queued', resource };
      }
      positions.push(await joinQueue(session, prefix, resource, lockname, owner));
      deps.progress?.('queued', resource);
    }
    for (const [index, { resource, count, total }] of deps.leases.entries()) {
      await waitInQueue(session, positions[index]!, signal);
      deps.progress?.('head of the queue', resource);
      held.push(await acquireLease(session, prefix, resource, count, total, owner, signal));
      deps.progress?.('lease taken', resource);
    }
    // Aborted while the last lease was being made: it goes back too.
    if (signal.aborted) throw signal.reason;
    await Promise.all(positions.splice(0).map((node) => leaveQueue(session, node)));
    return { kind: 'granted', held: new HeldResources(session, held) };
  } catch (error) {
    // Best effort: the session's end removes whatever this could not.
    await giveBack().catch(() => undefined);
    if (signal.aborted) return { kind: 'aborted', reason: signal.reason };
    throw error;
  }
}
