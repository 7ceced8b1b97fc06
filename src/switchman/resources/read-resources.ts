// `switchman status`'s view of the resources: per resource, the leases held (count of total,
// host and pid from the node's data, and the lock that pid holds, when it holds one) and the
// queue in order. Read from App::Switchman's layout, so Perl holders show too.
import { parseLockData } from '../lock.js';
import type { LockEntry } from '../lock.js';
import type { ZkSession } from '../zk-session.js';
import { queuePath } from './queue.js';
import { semaphorePaths } from './semaphore.js';

export interface LeaseView {
  count: number;
  total: number;
  host: string;
  /** null when the node's data names no pid (JSON keeps the key). */
  pid: number | null;
  /** The lock held by the same switchman (host and pid), if any: the job the lease is for. */
  lock: string | null;
}

export interface QueuedView {
  lock: string;
  host: string;
  pid: number | null;
}

export interface ResourceView {
  resource: string;
  leases: LeaseView[];
  /** Head first. */
  queue: QueuedView[];
}

const leaseName = /^(-?\d+)_(\d+)_(\d+)$/;
const queueName = /^(.*)-(\d+)$/;

async function holderOf(session: Pick<ZkSession, 'getData'>, path: string): Promise<{ host: string; pid: number | null } | undefined> {
  const node = await session.getData(path);
  if (node === null) return undefined;
  const { host, pid } = parseLockData(node.data.toString('utf8'));
  return { host, pid: pid ?? null };
}

export async function readResources(session: Pick<ZkSession, 'getData' | 'getChildren'>, prefix: string, locks: readonly LockEntry[]): Promise<ResourceView[]> {
  const lockOf = (host: string, pid: number | null): string | null => locks.find((l) => l.host === host && l.pid !== undefined && l.pid === pid)?.lock ?? null;
  const names = new Set([...((await session.getChildren(`${prefix}/semaphores`)) ?? []), ...((await session.getChildren(`${prefix}/queues`)) ?? [])]);
  const views = await Promise.all(
    [...names].sort().map(async (resource): Promise<ResourceView> => {
      const { leases: leasesPath } = semaphorePaths(prefix, resource);
      const leaseNodes = ((await session.getChildren(leasesPath)) ?? []).filter((n) => leaseName.test(n)).sort((a, b) => Number(leaseName.exec(a)![3]) - Number(leaseName.exec(b)![3]));
      const leases: LeaseView[] = [];
      for (const name of leaseNodes) {
        const holder = await holderOf(session, `${leasesPath}/${name}`);
        if (holder === undefined) continue; // released meanwhile
        const [, count, total] = leaseName.exec(name)!;
        leases.push({ count: Number(count), total: Number(total), ...holder, lock: lockOf(holder.host, holder.pid) });
      }
      const queueDir = queuePath(prefix, resource);
      const queueNodes = ((await session.getChildren(queueDir)) ?? []).filter((n) => queueName.test(n)).sort((a, b) => Number(queueName.exec(a)![2]) - Number(queueName.exec(b)![2]));
      const queue: QueuedView[] = [];
      for (const name of queueNodes) {
        const holder = await holderOf(session, `${queueDir}/${name}`);
        if (holder !== undefined) queue.push({ lock: queueName.exec(name)![1]!, ...holder });
      }
      return { resource, leases, queue };
    }),
  );
  // Resources nobody holds or waits for are left out: the tree keeps their empty nodes for ever.
  return views.filter((view) => view.leases.length > 0 || view.queue.length > 0);
}

/** The table under the locks: one line per lease held, then one per place in a queue. */
export function formatResources(views: readonly ResourceView[]): string {
  if (views.length === 0) return 'no leases held, no jobs waiting for resources\n';
  const rows = [['RESOURCE', 'STATE', 'COUNT', 'LOCK', 'HOST', 'PID']];
  for (const view of views) {
    const used = view.leases.reduce((sum, lease) => sum + lease.count, 0);
    for (const lease of view.leases) rows.push([view.resource, 'held', `${lease.count} of ${lease.total} (${used} used)`, lease.lock ?? '-', lease.host, lease.pid === null ? '-' : String(lease.pid)]);
    view.queue.forEach((queued, index) => rows.push([view.resource, `queued #${index + 1}`, '-', queued.lock, queued.host, queued.pid === null ? '-' : String(queued.pid)]));
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}
