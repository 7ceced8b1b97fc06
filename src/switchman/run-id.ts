// The id of one switchman run: `run-<pid>-<starttime>-<pidns>-<random>`. It names the run's
// cgroup and travels in the job's environment (SWITCHMAN_RUN_ID), so that anyone can tell from
// the id alone whether the runner that owns a tree is still alive: the pid with its start time
// (field 22 of /proc/<pid>/stat) names one process for good, even after the pid is reused. The
// pid namespace is part of the id because a pid means nothing in another namespace: a sweep
// never judges runs of another namespace.
import { readlinkSync } from 'node:fs';
import { readStartTime } from './proc.js';

export interface RunIdParts {
  pid: number;
  /** Field 22 of the runner's /proc/<pid>/stat, as written there. */
  startTime: string;
  /** Inode number of the runner's pid namespace (/proc/self/ns/pid), '0' when unknown. */
  pidNs: string;
}

const RUN_ID = /^run-(\d{1,10})-(\d{1,20})-(\d{1,20})-[0-9a-f]{8,32}$/;

let ownPidNs: string | undefined;

/** Our pid namespace's inode number, '0' without /proc. */
export function pidNamespace(): string {
  if (ownPidNs === undefined) {
    try {
      ownPidNs = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '0';
    } catch {
      ownPidNs = '0';
    }
  }
  return ownPidNs;
}

/** A new run id for the runner `pid` (default: this process). */
export function makeRunId(pid: number = process.pid): string {
  const startTime = readStartTime(pid)?.startTime ?? '0';
  // Unique already by the pid and its start time; the random part tells apart several runs of one
  // process (tests). Math.random spares loading node:crypto on every cron run.
  const random = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return `run-${pid}-${startTime}-${pidNamespace()}-${random}`;
}

/** The parts of a run id made by makeRunId, or undefined for anything else (e.g. an older switchman's ids). */
export function parseRunId(id: string): RunIdParts | undefined {
  const match = RUN_ID.exec(id);
  if (match === null) return undefined;
  const pid = Number(match[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return { pid, startTime: match[2] as string, pidNs: match[3] as string };
}

/**
 * Is the runner of this run alive? 'unknown' for a run of another pid namespace, which we
 * cannot judge. A zombie runner is dead: it holds no lock any more.
 */
export function runnerState(parts: RunIdParts): 'alive' | 'dead' | 'unknown' {
  if (parts.pidNs !== pidNamespace()) return 'unknown';
  const stat = readStartTime(parts.pid);
  if (stat === undefined || !stat.alive) return 'dead';
  // Without a start time in the id (no /proc when it was made) the pid alone has to do.
  return parts.startTime === '0' || stat.startTime === parts.startTime ? 'alive' : 'dead';
}
