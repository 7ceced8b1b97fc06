// The cost of sweepOrphans (src/switchman/sweep.ts) when there is nothing to sweep, which is
// every run's case: cgroup mode (one readdir of the parent; measured on a parent of its own,
// `<cgroup2>/cronpack-bench-<pid>`, holding LIVE run cgroups of this process, removed at the end)
// and the fallback's /proc scan (every process's environment), with EXTRA more processes on the
// box (sleeps of our own, killed at the end), and the fallback tree's full scan
// (findJobProcesses) for comparison.
//   node --import tsx bench/sweep.bench.ts [EXTRA] [RUNS]
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCgroup2Mount, removeCgroup } from '../src/switchman/cgroup.js';
import { makeRunId } from '../src/switchman/run-id.js';
import { performance } from 'node:perf_hooks';
import { findJobProcesses, listGroupMembers } from '../src/switchman/proc.js';
import { sweepOrphans } from '../src/switchman/sweep.js';

const EXTRA = Number(process.argv[2] ?? 0);
const RUNS = Number(process.argv[3] ?? 30);
/** Live runs in the bench's cgroup parent: the sweep reads each one's runner start time. */
const LIVE_RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const extra: ChildProcess[] = [];
const mount = parseCgroup2Mount(readFileSync('/proc/self/mountinfo', 'utf8'));
const parent = mount === undefined ? undefined : join(mount.mountPoint, `cronpack-bench-${process.pid}`);
try {
  // An environment of a typical size (a few kB), which the scan has to read.
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', PADDING: 'x'.repeat(2000) };
  for (let i = 0; i < EXTRA; i += 1) extra.push(spawn('sleep', ['600'], { stdio: 'ignore', env }));
  await new Promise((r) => setTimeout(r, 500 + EXTRA));
  const processes = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
  let cgroup = Number.NaN;
  try {
    if (parent === undefined) throw new Error('no cgroup2');
    mkdirSync(parent);
    for (let i = 0; i < LIVE_RUNS; i += 1) mkdirSync(join(parent, makeRunId()));
    cgroup = await timeAsync(() => sweepOrphans({ cgroupParent: parent, scanProc: false }));
  } catch {
    // cgroup v2 not writable here: n/a.
  }
  const proc = await timeAsync(() => sweepOrphans({ cgroupParent: 'off', filter: () => false }));
  const tree = await timeAsync(async () => findJobProcesses(1, 'SWITCHMAN_RUN_ID=none'));
  const group = await timeAsync(async () => listGroupMembers(1));
  process.stdout.write(
    `${processes} processes, median of ${RUNS}:\n` +
      `  sweepOrphans, cgroup mode (${LIVE_RUNS} live runs): ${cgroup.toFixed(3)} ms\n` +
      `  sweepOrphans, fallback (/proc scan): ${proc.toFixed(3)} ms (${((proc / processes) * 1000).toFixed(1)} us per process)\n` +
      `  fallback tree scan (stat+environ):  ${tree.toFixed(3)} ms\n` +
      `  process group scan (stat, as before): ${group.toFixed(3)} ms\n`,
  );
} finally {
  for (const child of extra) child.kill('SIGKILL');
  if (parent !== undefined) removeCgroup(parent);
}
