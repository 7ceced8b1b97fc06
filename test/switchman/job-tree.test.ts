// A job must never escape its runner: whatever its processes do with process groups and
// sessions, nothing is left once JobSupervisor reports the job done, whether the job ended by
// itself or was stopped. Real processes, in both ways of tracking the tree: the run cgroup, and
// the run-id fallback (where `env -i setsid` is the one documented escape).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { RUN_ID_ENV } from '../../src/switchman/fence-protocol.js';
import { makeRunId, parseRunId } from '../../src/switchman/run-id.js';
import { JobSupervisor, jobEnv } from '../../src/switchman/supervise.js';
import { ESCAPES, cgroupTestOptions, endsByItself, killMarked, makeTestCgroups, markedPids, newMarker, removeTestCgroups, runsOn, sleep, tempDir, waitFor } from './tree-support.js';
import type { EscapeShape } from './tree-support.js';

const cgroups = makeTestCgroups();
const cgOpts = cgroupTestOptions(cgroups);
/** Every marker used: a failed test may leave an escape that started after its own clean-up. */
const markers: string[] = [];
after(async () => {
  await sleep(500);
  for (const marker of markers) killMarked(marker);
  await removeTestCgroups(cgroups);
});

const base = tempDir();
let counter = 0;

async function spawnJob(script: string, marker: string, cgroupParent: string, terminationMs = 500): Promise<{ job: JobSupervisor; dir: string }> {
  counter += 1;
  markers.push(marker);
  const dir = join(base, String(counter));
  mkdirSync(dir);
  const runId = makeRunId();
  const env = jobEnv(process.env, {});
  delete env['NODE_TEST_CONTEXT'];
  const spawned = await JobSupervisor.spawn({ command: '/bin/sh', args: ['-c', script, 'sh', dir, marker], env, cwd: dir }, terminationMs, { runId, cgroupParent });
  assert.ok(spawned.ok, spawned.ok ? '' : spawned.message);
  assert.equal(spawned.job.runId, runId);
  return { job: spawned.job, dir };
}

function modes(): { mode: 'cgroup' | 'run-id'; parent: () => string; opts: { skip?: string } }[] {
  return [
    { mode: 'cgroup', parent: () => cgroups.parent as string, opts: cgOpts },
    { mode: 'run-id', parent: () => 'off', opts: {} },
  ];
}

for (const { mode, parent, opts } of modes()) {
  describe(`tracked by ${mode}`, () => {
    for (const shape of ESCAPES) {
      // The fallback's documented limit: no cgroup and no environment left, nothing to find it by.
      if (mode === 'run-id' && shape.dropsEnv) continue;
      const options = opts;

      test(`${shape.name}: the job ends by itself, its escaped process is stopped before the result`, options, async () => {
        const marker = newMarker();
        try {
          const { job } = await spawnJob(endsByItself(shape), marker, parent());
          assert.equal(job.treeMode, mode);
          if (mode === 'cgroup') assert.ok(job.cgroup !== undefined && existsSync(job.cgroup), 'the job has a run cgroup');
          const result = await job.result;
          assert.deepEqual(result.status, { code: 3, signal: null }, 'the job reached its end after its escape was out');
          assert.equal(result.hadLeftovers, true, 'the escaped process counts as a leftover');
          assert.deepEqual(markedPids(marker), [], 'nothing of the job is left');
          if (job.cgroup !== undefined) assert.equal(existsSync(job.cgroup), false, 'the run cgroup is removed');
        } finally {
          killMarked(marker);
        }
      });

      test(`${shape.name}: stop() stops the escaped process too`, options, async () => {
        const marker = newMarker();
        try {
          const { job, dir } = await spawnJob(runsOn(shape), marker, parent(), 300);
          await waitFor(() => existsSync(join(dir, 'ready')) && markedPids(marker).length >= 2, 5000, 'the escape and the main process');
          job.stop(300);
          const result = await job.result;
          assert.equal(result.status.signal, 'SIGTERM');
          assert.deepEqual(markedPids(marker), [], 'nothing of the job is left');
          if (job.cgroup !== undefined) assert.equal(existsSync(job.cgroup), false, 'the run cgroup is removed');
        } finally {
          killMarked(marker);
        }
      });
    }
  });
}

test('the job carries its run id; run ids name their runner', async () => {
  const id = makeRunId();
  const parts = parseRunId(id);
  assert.equal(parts?.pid, process.pid);
  assert.match(parts?.startTime ?? '', /^\d+$/);
  assert.equal(parseRunId('1a2b.lq3x.abc'), undefined, "an older switchman's id is not ours");
  assert.equal(parseRunId(`${id}/..`), undefined);
  const marker = newMarker();
  const { job, dir } = await spawnJob(`echo "$${RUN_ID_ENV}" > "$1/id"; exit 0`, marker, 'off');
  await job.result;
  assert.equal(readFileSync(join(dir, 'id'), 'utf8').trim(), job.runId);
});

test('a job that cannot be executed leaves no run cgroup behind (the parent is created on demand)', cgOpts, async () => {
  const parent = join(cgroups.parent as string, 'created-on-demand');
  const spawned = await JobSupervisor.spawn({ command: '/nonexistent/command', args: [], env: {}, cwd: '/' }, 100, { runId: makeRunId(), cgroupParent: parent });
  assert.equal(spawned.ok, false);
  assert.equal(spawned.ok ? undefined : spawned.errno, 'ENOENT');
  assert.ok(existsSync(parent), 'the parent was created for the run cgroup');
  await waitFor(() => readdirSync(parent).filter((n) => n.startsWith('run-')).length === 0, 2000, 'the run cgroup to be removed');
});

test('peak memory: memory.peak where the kernel keeps it, else sampled VmHWM', cgOpts, async () => {
  const marker = newMarker();
  const { job } = await spawnJob(`sleep 0.7; exit 0`, marker, cgroups.parent as string);
  const result = await job.result;
  assert.ok((result.peakRssKb ?? 0) > 0, `peak ${result.peakRssKb}`);
});
