// What Linux tells about processes through /proc: members of a process group, their state,
// and their peak resident memory (VmHWM). Elsewhere these return empty answers and callers
// fall back to kill(-pgid, 0).
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
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return members;
  }
  for (const entry of entries) {
    const c = entry.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const info = readProc(Number(entry));
    if (info !== undefined && info.pgid === pgid && info.state !== 'Z' && info.state !== 'X') members.push(info);
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

/** Live processes whose initial environment contains the exact entry `NAME=value`. */
export function findProcessesWithEnv(entry: string): ProcInfo[] {
  const found: ProcInfo[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  const needle = Buffer.from(`${entry}\u0000`);
  for (const name of entries) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${name}/environ`);
    } catch {
      continue;
    }
    const at = environ.indexOf(needle);
    if (at !== 0 && (at < 0 || environ[at - 1] !== 0)) continue;
    const info = readProc(Number(name));
    if (info !== undefined && info.state !== 'Z') found.push(info);
  }
  return found;
}
