// What Linux tells about processes through /proc: members of a process group, their state,
// their start time, their peak resident memory (VmHWM), and which carry a given environment
// entry. Elsewhere these return empty answers and callers fall back to kill(-pgid, 0).
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** One letter: R, S, D, Z (zombie), T, ... */
  state: string;
}

/** Parses /proc/<pid>/stat; the command name may contain spaces and parentheses. */
export function parseProcStat(text: string): ProcInfo | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const fields = text.slice(close + 2).split(' ');
  const state = fields[0];
  const ppid = Number(fields[1]);
  const pgid = Number(fields[2]);
  if (state === undefined || !Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return undefined;
  return { pid, ppid, pgid, state };
}

export function readProc(pid: number): ProcInfo | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Field 22 of /proc/<pid>/stat (starttime, clock ticks after boot) and whether the process is
 * alive (not a zombie). With the pid, the start time names a process for good: pids are reused.
 */
export function readStartTime(pid: number): { startTime: string; alive: boolean } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields are numbered from 1 and the state is field 3.
  const startTime = fields[22 - 3];
  const state = fields[0];
  if (startTime === undefined || !/^\d+$/.test(startTime)) return undefined;
  return { startTime, alive: state !== 'Z' && state !== 'X' };
}

export const hasProcFs = ((): boolean => {
  try {
    readFileSync('/proc/self/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
})();

/** Live (not zombie) members of a process group. */
export function listGroupMembers(pgid: number): ProcInfo[] {
  const members: ProcInfo[] = [];
  for (const pid of procPids()) {
    const info = readProc(pid);
    if (info !== undefined && info.pgid === pgid && !isDead(info)) members.push(info);
  }
  return members;
}

/** Peak resident set size of a live process in kB, from /proc/<pid>/status VmHWM. */
export function readPeakRssKb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** Is any process (zombies aside, where /proc tells) left in the group? */
export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!hasProcFs) return true;
  return listGroupMembers(pgid).length > 0;
}

function isDead(info: ProcInfo): boolean {
  return info.state === 'Z' || info.state === 'X';
}

/** The value of NAME in an environ block (NUL-separated NAME=value entries), or undefined. */
export function environValue(environ: Buffer, name: string): string | undefined {
  const key = Buffer.from(`${name}=`);
  let at = environ.indexOf(key);
  while (at > 0 && environ[at - 1] !== 0) at = environ.indexOf(key, at + 1);
  if (at < 0) return undefined;
  const start = at + key.length;
  const end = environ.indexOf(0, start);
  return environ.toString('utf8', start, end < 0 ? environ.length : end);
}

function procPids(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of entries) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name));
  }
  return pids;
}

function readEnviron(pid: number): Buffer | undefined {
  try {
    return readFileSync(`/proc/${pid}/environ`);
  } catch {
    // Gone, or another user's process (unreadable unless we are root).
    return undefined;
  }
}

/**
 * The live processes of a job that may have left its process group, in one pass over /proc:
 * members of `pgid`, processes whose initial environment has NAME=value (`entry`), and the
 * members of those processes' own groups (children started with a cleaned environment stay in
 * their parent's group). `except` (our own pid) is never listed.
 */
export function findJobProcesses(pgid: number | undefined, entry: string, except: number = process.pid): ProcInfo[] {
  const eq = entry.indexOf('=');
  const name = entry.slice(0, eq);
  const value = entry.slice(eq + 1);
  const all: ProcInfo[] = [];
  const groups = new Set<number>();
  if (pgid !== undefined) groups.add(pgid);
  for (const pid of procPids()) {
    if (pid === except) continue;
    const info = readProc(pid);
    if (info === undefined || isDead(info)) continue;
    all.push(info);
    if (groups.has(info.pgid)) continue;
    const environ = readEnviron(pid);
    if (environ !== undefined && environValue(environ, name) === value) groups.add(info.pgid);
  }
  return all.filter((p) => groups.has(p.pgid));
}

export interface RunCarrier {
  info: ProcInfo;
  /** The value of the environment variable looked for. */
  value: string;
}

/** Live processes whose initial environment defines NAME, with its value (one pass over /proc). */
export function findEnvCarriers(name: string, except: number = process.pid): RunCarrier[] {
  const found: RunCarrier[] = [];
  for (const pid of procPids()) {
    if (pid === except) continue;
    const environ = readEnviron(pid);
    if (environ === undefined) continue;
    const value = environValue(environ, name);
    if (value === undefined) continue;
    const info = readProc(pid);
    if (info !== undefined && !isDead(info)) found.push({ info, value });
  }
  return found;
}

/** Live processes whose initial environment contains the exact entry `NAME=value`. */
export function findProcessesWithEnv(entry: string): ProcInfo[] {
  const eq = entry.indexOf('=');
  const value = entry.slice(eq + 1);
  return findEnvCarriers(entry.slice(0, eq)).filter((c) => c.value === value).map((c) => c.info);
}
