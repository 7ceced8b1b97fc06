// Orphans of dead runners. A job tree can outlive its switchman AND its fence when both die
// together (`pkill -9 -f switchman`, the OOM killer, a crashed box agent): it then runs on
// without a lock. Every run's ids say who its runner was (run-id.ts: pid, start time, pid
// namespace), so any later switchman can tell such a tree from a live one and kill it:
// - run cgroups under the parent whose runner is dead: cgroup.kill, then rmdir once empty (a
//   cgroup still busy after waitMs is left for the next sweep). One readdir when there is none.
// - in fallback mode (no usable cgroups), processes whose environment carries a run id of a
//   dead runner: SIGKILL, with their process groups. This reads every process's environment:
//   a /proc scan, much dearer than the readdir.
// Runs of another pid namespace, and ids this switchman did not make, are never touched.
import { accessSync, constants as fsConstants, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cgroupPopulated, locateCgroups, removeCgroup, signalCgroup } from './cgroup.js';
import { RUN_ID_ENV } from './fence-protocol.js';
import { findEnvCarriers, readProc } from './proc.js';
import { parseRunId, runnerState } from './run-id.js';

export interface SweepOptions {
  /** As for the job: undefined = `<cgroup2 mount>/switchman`, 'off' = no cgroups. */
  cgroupParent: string | undefined;
  /**
   * Also scan /proc for processes carrying the run id of a dead runner. Default: only when run
   * cgroups are not usable here, since jobs are then tracked by their run id alone.
   */
  scanProc?: boolean;
  /** How long to wait for killed cgroups to empty before removing them (default 200 ms). */
  waitMs?: number;
  /** Only consider the runs whose id passes (tests use it to stay within their own runs). */
  filter?: (runId: string) => boolean;
}

export interface SweepResult {
  /** Were run cgroups usable (then the /proc scan is skipped by default)? */
  cgroups: boolean;
  /** Run cgroups of dead runners that still had processes: killed. */
  killedCgroups: string[];
  /** Run cgroups of dead runners removed. */
  removedCgroups: string[];
  /** Run cgroups of dead runners still busy after waitMs: left for the next sweep. */
  busyCgroups: string[];
  /** Processes killed by the /proc scan (fallback mode). */
  killedPids: number[];
  /** Did the /proc scan run? */
  scannedProc: boolean;
  /** Time taken, ms. */
  elapsedMs: number;
}

const DEFAULT_WAIT_MS = 200;
const POLL_MS = 10;

function writable(path: string): boolean {
  try {
    accessSync(path, fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Could this process run jobs in cgroups under `parent` (without creating anything)? */
function cgroupsUsable(parent: string, ownDir: string): boolean {
  let dir = parent;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return writable(dir) && writable(join(ownDir, 'cgroup.procs'));
}

function isOrphan(runId: string, filter: ((runId: string) => boolean) | undefined): boolean {
  const parts = parseRunId(runId);
  if (parts === undefined || (filter !== undefined && !filter(runId))) return false;
  return runnerState(parts) === 'dead';
}

async function sweepCgroups(parent: string, options: SweepOptions, result: SweepResult): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const dead: string[] = [];
  for (const name of names) {
    if (!name.startsWith('run-') || !isOrphan(name, options.filter)) continue;
    const dir = join(parent, name);
    if (cgroupPopulated(dir)) {
      signalCgroup(dir, 'SIGKILL');
      result.killedCgroups.push(dir);
    }
    dead.push(dir);
  }
  if (dead.length === 0) return;
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  while (dead.some(cgroupPopulated) && Date.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS));
  for (const dir of dead) (removeCgroup(dir) ? result.removedCgroups : result.busyCgroups).push(dir);
}

function sweepProc(options: SweepOptions, result: SweepResult): void {
  result.scannedProc = true;
  const ownGroup = readProc(process.pid)?.pgid;
  const groups = new Set<number>();
  for (const { info, value } of findEnvCarriers(RUN_ID_ENV)) {
    if (!isOrphan(value, options.filter)) continue;
    try {
      process.kill(info.pid, 'SIGKILL');
      result.killedPids.push(info.pid);
    } catch {
      // Gone, or not ours to kill.
    }
    groups.add(info.pgid);
  }
  // Their groups too: a child started with a cleaned environment stays in its parent's group.
  for (const g of groups) {
    if (g <= 1 || g === ownGroup) continue;
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
}

/**
 * Kills the job trees whose runner is dead (see the top of this file) and removes their run
 * cgroups. Cheap when there is nothing to do in cgroup mode (one readdir of the parent, plus one
 * stat read per live run); the /proc scan of fallback mode costs more (measure: bench or the
 * report). Never throws.
 */
export async function sweepOrphans(options: SweepOptions): Promise<SweepResult> {
  const started = process.hrtime.bigint();
  const result: SweepResult = { cgroups: false, killedCgroups: [], removedCgroups: [], busyCgroups: [], killedPids: [], scannedProc: false, elapsedMs: 0 };
  try {
    const located = locateCgroups(options.cgroupParent);
    if (located.ok) {
      result.cgroups = cgroupsUsable(located.parent, located.ownDir);
      await sweepCgroups(located.parent, options, result);
    }
    if (options.scanProc ?? !result.cgroups) sweepProc(options, result);
  } catch {
    // A sweep is housekeeping: it never stands in the way of the run.
  }
  result.elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  return result;
}
