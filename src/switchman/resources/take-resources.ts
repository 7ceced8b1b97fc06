// The resource step of a run with --lease, between the group check and the lock: work out the
// leases on this box (macros), check them against the prefix's "resources" list, and wait for
// them, giving up when the run is stopped, the job's lock appears or resources_wait_timeout
// passes. Returns what the run holds, or the exit code it ends with.
import { EXIT_CONFIG, EXIT_LOST, EXIT_USAGE } from '../exit-codes.js';
import { parseGroupsDocument } from '../groups.js';
import type { LogFields } from '../log.js';
import type { LogPort } from '../run/ports.js';
import { watchForLock } from './lock-appears.js';
import { leaseMacros } from './lease-macros.js';
import { describeRefusal, parseLeases } from '../../contract/lease-option.js';
import type { Lease } from '../../contract/lease-option.js';
import { orderLeases } from './order-leases.js';
import { ResourceError } from './resource-error.js';
import { ownerData } from './resource-session.js';
import type { ResourceSession } from './resource-session.js';
import { waitForResources } from './wait-for-resources.js';
import type { HeldResources } from './wait-for-resources.js';

export interface TakeResourcesDeps {
  session: ResourceSession & { getData(path: string): Promise<{ data: Buffer } | null> };
  prefix: string;
  lockname: string;
  /** Without --no-lock: the lock node, whose appearance ends the wait. */
  lockPath: string | undefined;
  host: string;
  pid: number;
  /** The --lease values as given. */
  leaseOptions: readonly string[];
  /** resources_wait_timeout; 0: no bound. */
  timeoutMs: number;
  /** The exit code of a job someone else runs or waits for (--lock-busy-exit-code). */
  busyExitCode: number;
  /** Aborted when the run is asked to stop (signal, drain, permission lost). */
  stop: AbortSignal;
  log: LogPort;
  fields: LogFields;
}

export type ResourceStep = { kind: 'held'; held: HeldResources; leases: Lease[] } | { kind: 'exit'; code: number } | { kind: 'stopped' };

/** "r=1:3,mem=4:16": the leases as START and FINISH name them. */
export function describeLeases(leases: readonly Lease[]): string {
  return leases.map((lease) => `${lease.resource}=${lease.count}:${lease.total}`).join(',');
}

export async function takeResources(deps: TakeResourcesDeps): Promise<ResourceStep> {
  const { session, log, fields } = deps;
  const macros = leaseMacros(deps.host);
  if ('error' in macros) {
    log.error('cannot work out the lease macros', { ...fields, error: macros.error });
    return { kind: 'exit', code: EXIT_CONFIG };
  }
  const leases = parseLeases(deps.leaseOptions, macros);
  if ('reason' in leases) {
    log.error('invalid --lease on this box', { ...fields, error: describeRefusal(leases) });
    return { kind: 'exit', code: EXIT_USAGE };
  }
  const node = await session.getData(deps.prefix);
  const document = node === null ? undefined : parseGroupsDocument(node.data.toString('utf8'));
  if (document === undefined || !document.ok) {
    log.error(document === undefined ? 'no switchman config in ZooKeeper' : 'invalid switchman config in ZooKeeper', { ...fields, prefix: deps.prefix, error: document?.ok === false ? document.error : undefined });
    return { kind: 'exit', code: EXIT_CONFIG };
  }
  const order = orderLeases(leases, document.resources, macros);
  if ('unknown' in order) {
    log.error(`Unknown resources: ${order.unknown.join(', ')}`, {
      ...fields,
      prefix: deps.prefix,
      listed: document.resources.join(',') || undefined,
      hint: 'list every leased resource in the "resources" of the prefix node (switchman takes them in that order)',
    });
    return { kind: 'exit', code: EXIT_CONFIG };
  }

  const controller = new AbortController();
  const abort = (why: 'stopped' | 'timeout' | 'lock-appeared' | 'session-lost'): void => controller.abort(why);
  // A wait on watches sends nothing: only the session's end (said by the server, or presumed
  // when none can be reached for a whole session timeout) can tell it ZooKeeper is gone.
  const onExpired = (): void => abort('session-lost');
  session.on('expired', onExpired);
  let lockWatch: Awaited<ReturnType<typeof watchForLock>> | undefined;
  if (deps.lockPath !== undefined) {
    lockWatch = await watchForLock(session, deps.lockPath, () => abort('lock-appeared'));
    if (lockWatch.exists) {
      log.info('lock is busy, not running', fields);
      return { kind: 'exit', code: deps.busyExitCode };
    }
  }
  const onStop = (): void => abort('stopped');
  deps.stop.addEventListener('abort', onStop, { once: true });
  if (deps.stop.aborted) abort('stopped');
  const timer = deps.timeoutMs > 0 ? setTimeout(() => abort('timeout'), deps.timeoutMs) : undefined;
  try {
    const waited = await waitForResources({
      session,
      prefix: deps.prefix,
      lockname: deps.lockname,
      leases: order.ordered,
      owner: ownerData(deps.host, deps.pid),
      signal: controller.signal,
      progress: (step, resource) => log.debug(step, { ...fields, resource }),
    });
    if (waited.kind === 'granted') return { kind: 'held', held: waited.held, leases: order.ordered };
    if (waited.kind === 'already-queued') {
      log.info('the job is already waiting for a resource, not running', { ...fields, resource: waited.resource });
      return { kind: 'exit', code: deps.busyExitCode };
    }
    if (waited.reason === 'lock-appeared') {
      log.info('the lock was taken while waiting for resources, not running', fields);
      return { kind: 'exit', code: deps.busyExitCode };
    }
    if (waited.reason === 'session-lost') {
      log.warning('lost ZooKeeper while waiting for resources; not running the job', fields);
      return { kind: 'exit', code: EXIT_LOST };
    }
    if (waited.reason === 'timeout') {
      log.error('reached resources_wait_timeout while waiting for resources, not running', { ...fields, timeout_s: deps.timeoutMs / 1000, leases: describeLeases(order.ordered) });
      return { kind: 'exit', code: EXIT_LOST };
    }
    return { kind: 'stopped' };
  } catch (error) {
    if (!(error instanceof ResourceError)) throw error;
    log.error('invalid resource nodes in ZooKeeper', { ...fields, error: error.message });
    return { kind: 'exit', code: EXIT_CONFIG };
  } finally {
    clearTimeout(timer);
    session.off('expired', onExpired);
    lockWatch?.stop();
    deps.stop.removeEventListener('abort', onStop);
  }
}
