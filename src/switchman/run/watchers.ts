// The watchers of one run, wired to its session: what may take the right to run away, each
// asking the run to stop through one callback (the run keeps the first reason).
import { probeIntervalMs } from '../lease.js';
import { acquireLock, formatLockData } from '../lock.js';
import type { LogFields } from '../log.js';
import { askAnotherSession } from '../second-opinion.js';
import type { ZkSession } from '../zk-session.js';
import { ControlWatcher } from './control-watcher.js';
import { LeaseWatcher } from './lease-watcher.js';
import { LockWatcher } from './lock-watcher.js';
import { PermissionWatcher } from './permission-watcher.js';
import type { LogPort, OnStop } from './ports.js';
import type { Clock } from './ports.js';
import { Prober } from './prober.js';
import { SecondOpinionWatcher } from './second-opinion-watcher.js';

/** Connecting a fresh session to ask whether the lock is still ours while ours is cut off. */
const SECOND_OPINION_CONNECT_MS = 300;

export interface Watchers {
  control: ControlWatcher;
  /** With --group only. */
  permission: PermissionWatcher | undefined;
  /** Without --nolock only. */
  lock: LockWatcher | undefined;
  lease: LeaseWatcher;
  secondOpinion: SecondOpinionWatcher;
  /** Once the job runs. */
  prober?: Prober;
}

export interface WatchersDeps {
  session: ZkSession;
  clock: Clock;
  zkhosts: string;
  prefix: string;
  host: string;
  pid: number;
  group: string | undefined;
  /** The lock name and node; undefined without a lock. */
  lock: { name: string; path: string } | undefined;
  /** termination_timeout: the grace of a stop asked for by ZooKeeper. */
  graceMs: number;
  log: LogPort;
  fields(): LogFields;
  onStop: OnStop;
  /** The lock is ours again (retaken) or no longer (lost): the run records it before stopping. */
  setHoldsLock(held: boolean): void;
  holdsLock(): boolean;
  jobRunning(): boolean;
  /** Each renewal of the lease, for the fence's copy. */
  onRenew(remaining: { termInMs: number; killInMs: number }): void;
}

export function makeWatchers(deps: WatchersDeps): Watchers {
  const { session, clock, prefix, host, group, lock, graceMs, onStop } = deps;
  return {
    control: new ControlWatcher({ session, prefix, host, group, lock: lock?.name, graceMs, onStop }),
    permission: group === undefined ? undefined : new PermissionWatcher({ session, prefix, group, host, log: deps.log, fields: deps.fields, graceMs, onStop }),
    lock:
      lock === undefined
        ? undefined
        : new LockWatcher({
            session,
            path: lock.path,
            graceMs,
            retake: (watcher) => acquireLock(session, lock.path, formatLockData(host, deps.pid), watcher),
            holdsLock: deps.holdsLock,
            onLost: (loss) => {
              deps.setHoldsLock(loss.held);
              onStop(loss);
            },
          }),
    lease: new LeaseWatcher({ session, clock, onStop, onRenew: deps.onRenew }),
    secondOpinion: new SecondOpinionWatcher({
      session,
      clock,
      ask: () => askAnotherSession({ connectString: deps.zkhosts, lockPath: lock?.path ?? '', sessionId: session.sessionId, timeoutMs: SECOND_OPINION_CONNECT_MS }),
      holdsLock: () => lock !== undefined && deps.holdsLock(),
      jobRunning: deps.jobRunning,
      onStop: (request) => {
        deps.setHoldsLock(false);
        onStop(request);
      },
    }),
  };
}

/** The job runs: probe the session (renewing the lease) every sixth of its timeout. */
export function startProber(watchers: Watchers, deps: Pick<WatchersDeps, 'session' | 'clock' | 'prefix' | 'lock'>): void {
  const lockWatcher = watchers.lock;
  watchers.prober = new Prober({
    session: deps.session,
    clock: deps.clock,
    intervalMs: probeIntervalMs(deps.session.timeoutMs),
    path: deps.lock?.path ?? deps.prefix,
    onNotOurs: lockWatcher === undefined ? undefined : () => lockWatcher.check(),
  });
  watchers.prober.start();
}

/** After a reconnect: a watch event may have been missed while cut off. */
export async function recheckAll(watchers: Watchers): Promise<void> {
  await watchers.control.recheck();
  await watchers.permission?.recheck();
  await watchers.lock?.check();
}

/** For good; `expiredOnly`: only those the session's expiry ends (the lock and the lease went with it). */
export function closeWatchers(watchers: Watchers | undefined, expiredOnly = false): void {
  if (watchers === undefined) return;
  const { control, permission, lock, lease, secondOpinion, prober } = watchers;
  for (const w of expiredOnly ? [lease, lock, prober, secondOpinion] : [control, permission, lock, lease, secondOpinion, prober]) w?.close();
}
