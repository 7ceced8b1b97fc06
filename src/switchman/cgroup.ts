// A cgroup v2 per run: the job's whole tree, whatever it does with process groups and sessions
// (setsid, double forks, setpgid, job control), stays in the cgroup it was born in, so
// switchman can find it, stop it (cgroup.kill) and tell when it is gone (cgroup.events) without
// scanning /proc. Only a process allowed to write cgroup.procs elsewhere (root) can leave it.
//
// The job is born inside with no escape window and no wrapper process: switchman moves itself
// into the run cgroup, forks the job (node's spawn forks synchronously, and a child starts in
// its parent's cgroup), and moves itself back, all in one synchronous step. Processes spawned
// before (the fence) stay where they are.
//
// The cgroup2 hierarchy is found in /proc/self/mountinfo: /sys/fs/cgroup on pure v2 systems,
// /sys/fs/cgroup/unified on hybrid ones. Run cgroups live under a parent directory,
// `<mount>/switchman` unless configured; 'off' disables them (the fallback of job-tree.ts
// applies then).
import { accessSync, constants as fsConstants, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

/** The value of cgroupParent that disables run cgroups. */
export const CGROUP_OFF = 'off';
/** The parent of run cgroups, under the cgroup2 mount, when none is configured. */
export const DEFAULT_PARENT_NAME = 'switchman';

export interface Cgroup2Mount {
  /** Where the hierarchy is mounted, e.g. /sys/fs/cgroup/unified. */
  mountPoint: string;
  /** Which cgroup of the hierarchy is mounted there (field 4 of mountinfo), normally '/'. */
  root: string;
}

/** mountinfo escapes spaces and the like as \ooo. */
function unescapeMountinfo(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The cgroup2 mount in a /proc/self/mountinfo text; one of the whole hierarchy (root '/') first. */
export function parseCgroup2Mount(mountinfo: string): Cgroup2Mount | undefined {
  let found: Cgroup2Mount | undefined;
  for (const line of mountinfo.split('\n')) {
    const dash = line.indexOf(' - ');
    if (dash < 0 || line.slice(dash + 3).split(' ')[0] !== 'cgroup2') continue;
    const fields = line.slice(0, dash).split(' ');
    const root = fields[3];
    const mountPoint = fields[4];
    if (root === undefined || mountPoint === undefined) continue;
    const mount = { mountPoint: unescapeMountinfo(mountPoint), root: unescapeMountinfo(root) };
    if (mount.root === '/') return mount;
    found ??= mount;
  }
  return found;
}

/** Our cgroup v2 path (the `0::/path` line of /proc/self/cgroup), or undefined. */
export function parseOwnCgroup(procSelfCgroup: string): string | undefined {
  for (const line of procSelfCgroup.split('\n')) {
    if (line.startsWith('0::')) {
      const path = line.slice(3).trim();
      return path.startsWith('/') ? path : undefined;
    }
  }
  return undefined;
}

/** The directory of cgroup `path` (as /proc/<pid>/cgroup shows it) under `mount`, or undefined when that mount does not show it. */
export function cgroupDir(mount: Cgroup2Mount, path: string): string | undefined {
  if (mount.root === '/') return join(mount.mountPoint, path);
  if (path !== mount.root && !path.startsWith(`${mount.root}/`)) return undefined;
  return join(mount.mountPoint, path.slice(mount.root.length));
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface CgroupSetup {
  /** Where run cgroups go. */
  parent: string;
  /** Our own cgroup's directory, where switchman returns after forking the job. */
  ownDir: string;
}

export type CgroupSupport = ({ ok: true } & CgroupSetup) | { ok: false; reason: string };

/**
 * Where run cgroups would go, without touching anything: the configured parent (undefined =
 * `<cgroup2 mount>/switchman`), or why there are none ('off', no cgroup2, our cgroup unknown).
 */
export function locateCgroups(cgroupParent: string | undefined): CgroupSupport {
  if (cgroupParent === CGROUP_OFF) return { ok: false, reason: 'run cgroups are off' };
  const mountinfo = readText('/proc/self/mountinfo');
  const mount = mountinfo === undefined ? undefined : parseCgroup2Mount(mountinfo);
  if (mount === undefined) return { ok: false, reason: 'no cgroup2 hierarchy is mounted' };
  const ownPath = parseOwnCgroup(readText('/proc/self/cgroup') ?? '');
  const ownDir = ownPath === undefined ? undefined : cgroupDir(mount, ownPath);
  if (ownDir === undefined) return { ok: false, reason: `our cgroup is not visible under ${mount.mountPoint}` };
  const parent = cgroupParent ?? join(mount.mountPoint, DEFAULT_PARENT_NAME);
  const inside = relative(mount.mountPoint, parent);
  if (!isAbsolute(parent) || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    return { ok: false, reason: `${parent} is not a directory under the cgroup2 mount ${mount.mountPoint}` };
  }
  return { ok: true, parent, ownDir };
}

const memoryTried = new Set<string>();

/**
 * Makes sure we can run jobs in cgroups under the parent: creates it when needed and checks we
 * may write our own cgroup.procs (the way back after forking the job). Tries once to enable the
 * memory controller for the run cgroups (memory.peak); failure is fine (memory may be a v1
 * controller, as on hybrid systems, or not delegated to us).
 */
export function prepareCgroups(cgroupParent: string | undefined): CgroupSupport {
  const located = locateCgroups(cgroupParent);
  if (!located.ok) return located;
  try {
    mkdirSync(located.parent, { recursive: true });
    accessSync(located.parent, fsConstants.W_OK);
    accessSync(join(located.ownDir, 'cgroup.procs'), fsConstants.W_OK);
  } catch (error) {
    return { ok: false, reason: `cannot use ${located.parent}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  if (!memoryTried.has(located.parent)) {
    memoryTried.add(located.parent);
    try {
      if (!/\bmemory\b/.test(readText(join(located.parent, 'cgroup.subtree_control')) ?? '')) writeFileSync(join(located.parent, 'cgroup.subtree_control'), '+memory');
    } catch {
      // Not available to us: peak memory is sampled from /proc instead.
    }
  }
  return located;
}

// --- operations on a cgroup directory (also used by the fence and the sweep) ---------------

/** The pids in a cgroup (not its children); [] when it is gone. Zombies are not listed. */
export function cgroupPids(dir: string): number[] {
  const text = readText(join(dir, 'cgroup.procs'));
  if (text === undefined) return [];
  const pids: number[] = [];
  for (const line of text.split('\n')) if (line !== '') pids.push(Number(line));
  return pids;
}

/** Is any process left in the cgroup or below it? A cgroup that does not exist is empty. */
export function cgroupPopulated(dir: string): boolean {
  const events = readText(join(dir, 'cgroup.events'));
  if (events !== undefined) return /^populated 1$/m.test(events);
  return cgroupPids(dir).length > 0;
}

function subCgroups(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}

/** Every pid of the cgroup and of the cgroups a (root) job may have created below it. */
function treePids(dir: string): number[] {
  const pids = cgroupPids(dir);
  for (const sub of subCgroups(dir)) pids.push(...treePids(sub));
  return pids;
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Signals each process once, again while new ones appear (a forking job), for a bounded number of rounds. */
function signalEach(dir: string, signal: NodeJS.Signals): void {
  const done = new Set<number>([process.pid]);
  for (let round = 0; round < 16; round += 1) {
    const fresh = treePids(dir).filter((p) => !done.has(p));
    if (fresh.length === 0) return;
    for (const pid of fresh) {
      done.add(pid);
      kill(pid, signal);
    }
  }
}

/**
 * SIGTERM: to every process of the cgroup. SIGKILL: cgroup.kill (Linux 5.14+: the kernel kills
 * the whole subtree and blocks forks meanwhile), or each process where it is missing. Never
 * kills us: should we be inside (a failed move back), each process but us is signalled.
 */
export function signalCgroup(dir: string, signal: 'SIGTERM' | 'SIGKILL'): void {
  if (signal === 'SIGKILL' && !cgroupPids(dir).includes(process.pid)) {
    try {
      writeFileSync(join(dir, 'cgroup.kill'), '1');
      return;
    } catch {
      // No cgroup.kill (Linux < 5.14), or the cgroup is gone: signal each process.
    }
  }
  signalEach(dir, signal);
}

/** Peak memory of the cgroup in kB (memory.peak, Linux 5.19+, memory controller on), or undefined. */
export function cgroupPeakMemoryKb(dir: string): number | undefined {
  const text = readText(join(dir, 'memory.peak'));
  if (text === undefined || !/^\d+\s*$/.test(text)) return undefined;
  return Math.ceil(Number(text) / 1024);
}

/**
 * Removes an empty cgroup, and the sub-cgroups a job may have created first. True when it is
 * gone; false when it is still busy (then a later sweep removes it).
 */
export function removeCgroup(dir: string): boolean {
  for (const sub of subCgroups(dir)) removeCgroup(sub);
  try {
    rmdirSync(dir);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Moves a whole process (all its threads) into a cgroup. */
function enter(dir: string, pid: number): void {
  writeFileSync(join(dir, 'cgroup.procs'), String(pid));
}

/** One run's cgroup, created under the parent. */
export class RunCgroup {
  private constructor(
    readonly path: string,
    private readonly ownDir: string,
  ) {}

  /** Creates `<parent>/<name>`; throws when it cannot. */
  static create(setup: CgroupSetup, name: string): RunCgroup {
    const path = join(setup.parent, name);
    mkdirSync(path);
    return new RunCgroup(path, setup.ownDir);
  }

  /**
   * Runs fn (which must fork synchronously: child_process.spawn) with this process inside the
   * cgroup, so the child is born there, then moves back. Throws, with us back home, when we
   * cannot enter; should the way back fail (it was checked just before), we stay inside, and
   * signalCgroup() knows never to kill us.
   */
  spawnInside<T>(fn: () => T): T {
    // Checked first so that we never enter a cgroup we could not leave: moving into our own
    // cgroup changes nothing but needs the same permission as the way back.
    enter(this.ownDir, process.pid);
    enter(this.path, process.pid);
    try {
      return fn();
    } finally {
      try {
        enter(this.ownDir, process.pid);
      } catch {
        // Stuck inside: stopping signals each process but us, and the cgroup is left for the sweep.
      }
    }
  }

  pids(): number[] {
    return treePids(this.path).filter((p) => p !== process.pid);
  }

  populated(): boolean {
    if (!cgroupPids(this.path).includes(process.pid)) return cgroupPopulated(this.path);
    return this.pids().length > 0;
  }

  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    signalCgroup(this.path, signal);
  }

  peakMemoryKb(): number | undefined {
    return cgroupPeakMemoryKb(this.path);
  }

  remove(): boolean {
    return removeCgroup(this.path);
  }
}
