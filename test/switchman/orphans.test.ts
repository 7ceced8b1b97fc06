// Orphaned trees: a job whose runner died. With the fence alive, the fence stops the whole tree
// (the run cgroup, or the run-id fallback), escapes included. With the fence dead too
// (`pkill -9 -f switchman`), the next switchman's sweepOrphans kills it. The "runner" is a real
// process (fixtures/tree-runner.ts) that starts a fence and a job full of escapes, then is
// SIGKILLed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sweepOrphans } from '../../src/switchman/sweep.js';
import { makeRunId } from '../../src/switchman/run-id.js';
import { JobSupervisor, jobEnv } from '../../src/switchman/supervise.js';
import {
  ESCAPES,
  FIXTURES,
  ROOT,
  cgroupTestOptions,
  killMarked,
  makeTestCgroups,
  manyEscapes,
  markedPids,
  newMarker,
  removeTestCgroups,
  sleep,
  tempDir,
  waitFor,
} from './tree-support.js';

const cgroups = makeTestCgroups();
const cgOpts = cgroupTestOptions(cgroups);
/** Whatever a failed test may have left: runners, fences, marked processes. */
const cleanups: (() => void)[] = [];
after(async () => {
  await sleep(300);
  for (const cleanup of cleanups) cleanup();
  await removeTestCgroups(cgroups);
});
const base = tempDir();
let counter = 0;

interface Started {
  runner: number;
  runId: string;
  cgroup: string | undefined;
  mode: string;
  fence: number | undefined;
  marker: string;
  exited: Promise<void>;
}

/** Starts the stand-in runner and waits until every escape of its job is out. */
async function startRunner(cgroupParent: string, withFence: boolean): Promise<Started> {
  counter += 1;
  const dir = join(base, String(counter));
  mkdirSync(dir);
  const marker = newMarker();
  // The fallback cannot see `env -i` escapes (documented): leave that one out there.
  const shapes = ESCAPES.filter((s) => cgroupParent !== 'off' || !s.dropsEnv);
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, 'tree-runner.ts'), cgroupParent, dir, marker, withFence ? 'fence' : 'nofence', manyEscapes(shapes)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  let fence: number | undefined;
  const cleanup = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    killFence(fence);
    killMarked(marker);
  };
  cleanups.push(cleanup);
  try {
    await waitFor(() => out.includes('\n'), 15_000, 'the runner to start its job');
    const line = JSON.parse(out.slice(0, out.indexOf('\n'))) as { runId: string; cgroup?: string; mode: string; fence?: number };
    fence = line.fence;
    await waitFor(() => existsSync(join(dir, 'all-ready')), 10_000, 'every escape to be out');
    // Every escape, plus the job's main process (a shell that started an escape may not have exited yet).
    assert.ok(markedPids(marker).length >= shapes.length + 1, 'the escapes are running');
    return { runner: child.pid as number, runId: line.runId, cgroup: line.cgroup, mode: line.mode, fence, marker, exited };
  } catch (error) {
    cleanup();
    throw error;
  }
}

async function killRunner(started: Started): Promise<void> {
  process.kill(started.runner, 'SIGKILL');
  await started.exited;
}

/** Kills a fence that outlived its test, if that pid is still our fence (pids are reused). */
function killFence(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('fence-entry.ts')) return;
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone.
  }
}

for (const mode of ['cgroup', 'run-id'] as const) {
  const opts = mode === 'cgroup' ? cgOpts : {};
  const parent = (): string => (mode === 'cgroup' ? (cgroups.parent as string) : 'off');

  test(`${mode}: switchman killed, its fence alive: the fence stops the whole tree, escapes included`, opts, async () => {
    const started = await startRunner(parent(), true);
    try {
      assert.equal(started.mode, mode);
      await killRunner(started);
      await waitFor(() => markedPids(started.marker).length === 0, 3000, 'the fence to stop the tree');
      if (started.cgroup !== undefined) await waitFor(() => !existsSync(started.cgroup as string), 2000, 'the fence to remove the run cgroup');
    } finally {
      killFence(started.fence);
      killMarked(started.marker);
    }
  });

  test(`${mode}: switchman and its fence both killed: the tree survives them, and sweepOrphans kills it`, opts, async () => {
    const started = await startRunner(parent(), false);
    try {
      // The runner is reaped (killRunner waits for it) and there was no fence: nothing of switchman's is left.
      await killRunner(started);
      assert.ok(markedPids(started.marker).length > 0, 'nothing else stops an orphaned tree');
      const result = await sweepOrphans({ cgroupParent: parent(), filter: (id) => id === started.runId });
      if (mode === 'cgroup') {
        assert.equal(result.cgroups, true);
        assert.deepEqual(result.killedCgroups, [started.cgroup]);
        assert.deepEqual(result.removedCgroups, [started.cgroup]);
        assert.equal(result.scannedProc, false, 'no /proc scan in cgroup mode');
        assert.equal(existsSync(started.cgroup as string), false);
        assert.deepEqual(markedPids(started.marker), [], 'gone when the sweep returns');
      } else {
        assert.equal(result.scannedProc, true);
        assert.ok(result.killedPids.length > 0);
        await waitFor(() => markedPids(started.marker).length === 0, 2000, 'the killed tree to be gone');
      }
    } finally {
      killMarked(started.marker);
    }
  });
}

test('cgroup: the sweep leaves the trees of live runners alone, and removes empty cgroups of dead ones', cgOpts, async () => {
  const marker = newMarker();
  const dir = join(base, 'live');
  mkdirSync(dir);
  const spawned = await JobSupervisor.spawn({ command: 'sleep', args: [marker], env: jobEnv(process.env, {}), cwd: dir }, 100, { runId: makeRunId(), cgroupParent: cgroups.parent });
  assert.ok(spawned.ok);
  // An empty run cgroup left by a runner that died after its job (no pid is above 4194304).
  const deadRunId = makeRunId().replace(/^run-\d+-\d+-/, 'run-9999999-1-');
  const staleDir = join(cgroups.parent as string, deadRunId);
  mkdirSync(staleDir);
  try {
    const result = await sweepOrphans({ cgroupParent: cgroups.parent });
    assert.deepEqual(result.killedCgroups, []);
    assert.deepEqual(result.removedCgroups, [staleDir]);
    assert.equal(existsSync(staleDir), false);
    assert.ok(existsSync(spawned.job.cgroup as string), 'the live run keeps its cgroup');
    assert.equal(markedPids(marker).length, 1, 'the live job runs on');
  } finally {
    spawned.job.stop(0);
    await spawned.job.result;
  }
});

test('run-id: the sweep never kills the jobs of a live runner', async () => {
  const marker = newMarker();
  const dir = join(base, 'live-fallback');
  mkdirSync(dir);
  const runId = makeRunId();
  const spawned = await JobSupervisor.spawn({ command: 'sleep', args: [marker], env: jobEnv(process.env, {}), cwd: dir }, 100, { runId, cgroupParent: 'off' });
  assert.ok(spawned.ok);
  try {
    const result = await sweepOrphans({ cgroupParent: 'off', filter: (id) => id === runId });
    assert.equal(result.scannedProc, true);
    assert.deepEqual(result.killedPids, []);
    assert.equal(markedPids(marker).length, 1);
  } finally {
    spawned.job.stop(0);
    await spawned.job.result;
  }
});

test('the cost of a sweep with nothing to do', cgOpts, async (t) => {
  const runs = 20;
  let cgroupMs = 0;
  let procMs = 0;
  for (let i = 0; i < runs; i += 1) {
    cgroupMs += (await sweepOrphans({ cgroupParent: cgroups.parent })).elapsedMs;
    procMs += (await sweepOrphans({ cgroupParent: 'off', filter: () => false })).elapsedMs;
  }
  const processes = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
  t.diagnostic(`sweep, cgroup mode: ${(cgroupMs / runs).toFixed(3)} ms; /proc scan (fallback): ${(procMs / runs).toFixed(3)} ms for ${processes} processes`);
  assert.ok(cgroupMs / runs < 5, 'the cgroup sweep is one readdir');
});
