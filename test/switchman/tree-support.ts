// Shared pieces of the job-tree tests: a throw-away cgroup parent (never the real
// <cgroup2>/switchman), escape shapes that leave the job's process group, and counting the
// processes a test started by a marker in their command line.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cgroupPopulated, parseCgroup2Mount, prepareCgroups, removeCgroup, signalCgroup } from '../../src/switchman/cgroup.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'test', 'switchman', 'fixtures');

// --- a cgroup parent of our own -------------------------------------------------------------

export interface TestCgroups {
  /** The parent to pass as cgroupParent, when cgroups are usable here. */
  parent: string | undefined;
  /** Why not, otherwise. */
  reason: string | undefined;
}

/**
 * Creates `<cgroup2 mount>/cronpack-test-<pid>-<random>` for this test file. Where cgroup v2 is
 * not writable, says why (the tests skip with that reason, except under CI=true).
 */
export function makeTestCgroups(): TestCgroups {
  let mountinfo = '';
  try {
    mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return { parent: undefined, reason: 'no /proc/self/mountinfo' };
  }
  const mount = parseCgroup2Mount(mountinfo);
  if (mount === undefined) return { parent: undefined, reason: 'no cgroup2 hierarchy mounted' };
  const parent = join(mount.mountPoint, `cronpack-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  const support = prepareCgroups(parent);
  if (!support.ok) {
    removeCgroup(parent);
    return { parent: undefined, reason: `cgroup v2 is not writable here (${support.reason})` };
  }
  return { parent, reason: undefined };
}

/** node:test options: skip with the reason when cgroups are not usable, except under CI=true, where the test runs (and fails). */
export function cgroupTestOptions(cgroups: TestCgroups): { skip?: string } {
  if (cgroups.reason === undefined || process.env['CI'] === 'true') return {};
  return { skip: cgroups.reason };
}

/** Kills whatever is left under the test parent and removes it. */
export async function removeTestCgroups(cgroups: TestCgroups): Promise<void> {
  const parent = cgroups.parent;
  if (parent === undefined || !existsSync(parent)) return;
  signalCgroup(parent, 'SIGKILL');
  const deadline = Date.now() + 3000;
  while (cgroupPopulated(parent) && Date.now() < deadline) await sleep(20);
  assert.ok(removeCgroup(parent), `could not remove the test cgroup ${parent}`);
}

/** The same at process exit, where nothing can wait: kill, wait briefly, remove the parent and what is under it. */
export function disposeTestCgroupsSync(parent: string): void {
  if (!existsSync(parent)) return;
  signalCgroup(parent, 'SIGKILL');
  const deadline = Date.now() + 1000;
  while (cgroupPopulated(parent) && Date.now() < deadline) {
    // Busy wait: an exit handler cannot sleep.
  }
  removeCgroup(parent);
}

// --- processes marked by an argument ---------------------------------------------------------

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A marker for `sleep MARKER`: a unique duration of about an hour. */
export function newMarker(): string {
  return `3600.${process.pid}${Math.floor(Math.random() * 1e9)}`;
}

/** Live processes with MARKER among their arguments (zombies are dead). */
export function markedPids(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!args.includes(marker)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && state !== 'X') found.push(Number(name));
    } catch {
      // Gone.
    }
  }
  return found;
}

export function killMarked(marker: string): void {
  for (const pid of markedPids(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(15);
  }
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchman-tree-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// --- escapes ----------------------------------------------------------------------------------

export interface EscapeShape {
  name: string;
  /**
   * sh code, with $1 = a directory and $2 = the marker: starts a process `sleep MARKER` (or with
   * MARKER among its arguments) outside the job's process group, which creates $1/ready once
   * it is out.
   */
  start: string;
  /** Does the escapee drop the environment (invisible to the run-id fallback)? */
  dropsEnv: boolean;
}

export const ESCAPES: readonly EscapeShape[] = [
  { name: 'setsid', start: `setsid sh -c ': > "$1/ready"; exec sleep "$2"' sh "$1" "$2" &`, dropsEnv: false },
  { name: 'env -i setsid', start: `env -i setsid /bin/sh -c ': > "$1/ready"; exec /bin/sleep "$2"' sh "$1" "$2" &`, dropsEnv: true },
  // The classic daemon: fork, setsid, fork again, the middle one exits.
  { name: 'double fork', start: `( setsid sh -c '( : > "$1/ready"; exec sleep "$2" ) & exit 0' sh "$1" "$2" & )`, dropsEnv: false },
  // Its own process group, and deaf to SIGTERM: only SIGKILL (cgroup.kill) ends it.
  {
    name: 'perl setpgrp, ignoring SIGTERM',
    start: `perl -e '$SIG{TERM} = "IGNORE"; setpgrp(0, 0); open(my $f, ">", "$ARGV[0]/ready") or die; close $f; sleep 3600 while 1' "$1" "$2" &`,
    dropsEnv: false,
  },
  { name: "bash -c 'set -m; … &'", start: `bash -c 'set -m; ( : > "$1/ready"; exec sleep "$2" ) & ' bash "$1" "$2" 2>/dev/null`, dropsEnv: false },
];

/** Waits (at most 5 s) for $1/ready, or exits 99. */
const WAIT_READY = `n=0; while [ ! -e "$1/ready" ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n + 1)); done; [ -e "$1/ready" ] || exit 99`;

/** A job that starts the escape, waits until it is out, and exits 3. */
export function endsByItself(shape: EscapeShape): string {
  return `${shape.start}\n${WAIT_READY}\nexit 3`;
}

/** A job that starts the escape, waits until it is out, and runs on (itself marked too). */
export function runsOn(shape: EscapeShape): string {
  return `${shape.start}\n${WAIT_READY}\nexec sleep "$2"`;
}

/**
 * A job that starts every given escape (each with its own ready directory $1/<i>), waits until
 * they are all out, creates $1/all-ready and runs on as `sleep MARKER`.
 */
export function manyEscapes(shapes: readonly EscapeShape[]): string {
  const parts = ['base=$1; marker=$2'];
  shapes.forEach((shape, i) => {
    parts.push(`set -- "$base/${i}" "$marker"; mkdir -p "$1"`, shape.start, WAIT_READY);
  });
  parts.push(': > "$base/all-ready"', 'exec sleep "$marker"');
  return parts.join('\n');
}
