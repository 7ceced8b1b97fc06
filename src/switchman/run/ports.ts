// What the run's watchers need from the world, as narrow interfaces: ZkSession and the system
// clock satisfy them as they are, and the unit tests pass fakes (test/switchman/run/).
import { monotonicMs } from '../clock.js';
import type { StopReason } from '../exit-codes.js';
import type { StopperClock } from '../group-stopper.js';
import type { LogFields } from '../log.js';
import type { NodeStat, ZkWatcher } from '../zk-session.js';

export type SessionEvent = 'contact' | 'disconnected' | 'connected' | 'expired';

/** The part of a ZooKeeper session (ZkSession) the watchers use. */
export interface SessionPort {
  readonly sessionId: string;
  /** The negotiated session timeout. */
  readonly timeoutMs: number;
  readonly isConnected: boolean;
  /** Monotonic ms at which the server last certainly heard from the session. */
  readonly lastContactMs: number;
  exists(path: string, watcher?: ZkWatcher): Promise<NodeStat | null>;
  getData(path: string, watcher?: ZkWatcher): Promise<{ data: Buffer; stat: NodeStat } | null>;
  on(event: SessionEvent, listener: () => void): unknown;
  off(event: SessionEvent, listener: () => void): unknown;
}

/** Monotonic ms and timers: the same shape as the group stopper's. */
export type Clock = StopperClock;

export const systemClock: Clock = {
  now: monotonicMs,
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What a watcher asks of the run: stop the job for this reason, SIGKILL at the latest after graceMs. */
export interface StopRequest {
  reason: StopReason;
  graceMs: number;
}

export type OnStop = (request: StopRequest) => void;

/** The log lines the watchers write (Logger satisfies it). */
export interface LogPort {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warning(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
