// switchman's native launcher (src/switchman/launcher/switchman.c): it holds the stop signals
// while node starts, passes them on once the bundle listens, and otherwise is invisible: same
// arguments, same exit code or signal, nothing inherited by the job, no node left behind.
// Run with a probe script (fixtures/launcher-probe.cjs) in place of the bundle; the real bundle
// under the launcher is in e2e-sigusr1.test.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { TestContext } from 'node:test';
import { hasCommand, requireTool } from '../support/require-tool.js';
import { NODE, ROOT, isAlive, waitFor } from './harness.js';
import { compileLauncher } from './launcher.js';

const PROBE = join(ROOT, 'test', 'switchman', 'fixtures', 'launcher-probe.cjs');
const work = mkdtempSync(join(tmpdir(), 'cronpack-launcher-test-'));
after(() => rmSync(work, { recursive: true, force: true }));
let runs = 0;
const started: ProbeRun[] = [];
// A failed test must not leave a waiting probe behind (it would keep this file's process alive).
after(() => {
  for (const run of started) {
    try {
      process.kill(run.pid, 'SIGKILL');
    } catch {
      // Already ended.
    }
  }
  for (const run of started) for (const pid of run.nodePids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already ended.
    }
  }
});

function launcher(t: TestContext, node = NODE, slotsDir?: string, slotWaitMs?: number): string | undefined {
  if (!requireTool(t, hasCommand('cc'), 'a C compiler (build-essential)')) return undefined;
  return compileLauncher(node, PROBE, slotsDir, slotWaitMs);
}

interface ProbeRun {
  pid: number;
  /** The probe's node, once it said its pid. */
  nodePids: number[];
  out: string;
  lines: () => string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The probe under `program` (the launcher, or node itself when `direct`). */
function probe(program: string, mode: string, startMs: number, rest: string[] = [], direct = false): ProbeRun {
  const out = join(work, `run-${(runs += 1)}.out`);
  const args = [mode, String(startMs), out, ...rest];
  const child = spawn(program, direct ? ['--inspect-port=192.0.2.1:9229', PROBE, ...args] : args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('close', (code, signal) => r({ code, signal })));
  const nodePids: number[] = [];
  const lines = () => {
    const all = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : [];
    const said = all.find((l) => l.startsWith('pid '));
    if (said !== undefined && nodePids.length === 0) nodePids.push(Number(said.slice(4)));
    return all;
  };
  const run = { pid: child.pid!, nodePids, out, lines, stderr: () => stderr, exited };
  started.push(run);
  return run;
}

/** A signal set of /proc/PID/status (SigBlk, SigCgt, ShdPnd), or undefined once the process is gone. */
function signalSet(pid: number, field: 'SigBlk' | 'SigCgt' | 'ShdPnd'): bigint | undefined {
  try {
    const mask = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return mask === undefined ? undefined : BigInt(`0x${mask}`);
  } catch {
    return undefined;
  }
}

const hasSigusr1 = (pid: number, field: 'SigBlk' | 'SigCgt'): boolean => ((signalSet(pid, field) ?? 0n) & (1n << 9n)) !== 0n;

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

test('arguments reach the script unchanged, and the launcher ends with its exit code', async (t) => {
  const program = launcher(t);
  if (program === undefined) return;
  const words = ['a b', '', '--config', 'é', '-- x'];
  const shown = probe(program, 'argv', 0, words);
  assert.deepEqual(await shown.exited, { code: 0, signal: null });
  assert.ok(shown.lines().includes(`argv ${JSON.stringify(words)}`), shown.lines().join('\n'));
  for (const code of [3, 75, 138]) assert.deepEqual(await probe(program, 'exit', 0, [String(code)]).exited, { code, signal: null });
});

test('the launcher dies by the signal its node died by', async (t) => {
  const program = launcher(t);
  if (program === undefined) return;
  for (const signal of ['SIGKILL', 'SIGABRT'] as const) assert.deepEqual(await probe(program, 'kill', 0, [signal]).exited, { code: null, signal });
});

test('stop signals sent while node starts are held, then passed on in order once the bundle listens', async (t) => {
  const program = launcher(t);
  if (program === undefined) return;
  const run = probe(program, 'wait', 1500);
  await waitFor(() => hasSigusr1(run.pid, 'SigBlk'), 5000, 'the launcher to block SIGUSR1');
  // Node is starting (the probe is busy for 1.5 s before the prologue runs): a drain, a hang-up,
  // a drain again, each once the launcher took the one before (signals pending together reach
  // any process lowest number first: their order is only theirs when they come apart).
  for (const signal of ['SIGUSR1', 'SIGHUP', 'SIGUSR1'] as const) {
    process.kill(run.pid, signal);
    await waitFor(() => signalSet(run.pid, 'ShdPnd') === 0n, 5000, `the launcher to take ${signal}`);
  }
  const pid = await waitFor(() => run.lines().find((l) => l.startsWith('pid ')), 10_000, 'the probe to start');
  // Passed on once the prologue listened: they reach it through the event loop, after its first lines.
  await waitFor(() => run.lines().includes('signal SIGHUP'), 5000, 'the held signals to be passed on');
  assert.deepEqual(run.lines(), ['ready-fd set', 'early ', pid, 'signal SIGUSR1', 'signal SIGHUP']);
  assert.doesNotMatch(run.stderr(), /inspector|Debugger/i);
  // Once it listens, each signal is passed on as it comes.
  process.kill(run.pid, 'SIGUSR1');
  await waitFor(() => run.lines().includes('signal SIGUSR1'), 5000, 'SIGUSR1 to be passed on');
  process.kill(run.pid, 'SIGTERM');
  assert.deepEqual(await run.exited, { code: 0, signal: null });
  assert.equal(isAlive(Number(pid.slice(4))), false);
});

test('without the launcher, the same SIGUSR1 during node start-up goes to node\'s inspector (the window it closes)', async (t) => {
  if (launcher(t) === undefined) return;
  const run = probe(NODE, 'wait', 1500, [], true);
  await waitFor(() => hasSigusr1(run.pid, 'SigCgt'), 5000, "node's own SIGUSR1 handler");
  process.kill(run.pid, 'SIGUSR1');
  await waitFor(() => run.lines().some((l) => l.startsWith('pid ')), 10_000, 'the probe to start');
  assert.deepEqual(run.lines().slice(0, 2), ['ready-fd none', 'early ']);
  assert.match(run.stderr(), /Starting inspector on 192\.0\.2\.1:9229 failed/);
  process.kill(run.pid, 'SIGTERM');
  await run.exited;
});

test('the job inherits neither the ready pipe nor its variable', async (t) => {
  const program = launcher(t);
  if (program === undefined) return;
  // The same probe started by node itself shows what any child inherits here (0 1 2, and
  // whatever this test's own parent left open); under the launcher it must be the same.
  const direct = probe(NODE, 'fds', 0, [], true);
  const run = probe(program, 'fds', 0);
  assert.deepEqual(await direct.exited, { code: 0, signal: null });
  assert.deepEqual(await run.exited, { code: 0, signal: null });
  const childFds = (lines: string[]) => lines.find((l) => l.startsWith('child-fds '));
  assert.ok(childFds(direct.lines())?.startsWith('child-fds 0 1 2'), direct.lines().join('\n'));
  assert.deepEqual(run.lines(), ['ready-fd set', 'early ', childFds(direct.lines()), 'child-env unset']);
});

test('a launcher killed with SIGKILL takes its node down with it (SIGTERM, as a stop)', async (t) => {
  const program = launcher(t);
  if (program === undefined) return;
  const run = probe(program, 'wait', 0);
  const pid = Number((await waitFor(() => run.lines().find((l) => l.startsWith('pid ')), 10_000, 'the probe to start')).slice(4));
  assert.deepEqual(childrenOf(run.pid), [pid]);
  process.kill(run.pid, 'SIGKILL');
  await waitFor(() => run.lines().includes('signal SIGTERM'), 5000, 'node to get SIGTERM');
  await waitFor(() => !isAlive(pid), 5000, 'node to end');
});

test('without its node, the launcher says so in one line and exits 70', async (t) => {
  const program = launcher(t, '/nonexistent/node');
  if (program === undefined) return;
  const run = probe(program, 'exit', 0, ['0']);
  assert.deepEqual(await run.exited, { code: 70, signal: null });
  assert.equal(run.stderr(), 'switchman: cannot start /nonexistent/node: No such file or directory\n');
});

test('start slots: 2 per CPU runs start at once, the rest wait (a stop ends a waiting one unstarted) until one decides or ends', async (t) => {
  const program = launcher(t, NODE, join(work, 'slots'));
  if (program === undefined) return;
  const slots = 2 * Math.max(1, cpus().length);
  // Runs that hold their slot: they never say they decided.
  const holders = Array.from({ length: slots + 2 }, () => probe(program, 'wait', 0));
  const running = (): ProbeRun[] => holders.filter((run) => run.lines().some((l) => l.startsWith('pid ')));
  await waitFor(() => running().length === slots, 15_000, `${slots} runs to start`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(running().length, slots, 'no more than the slots');
  const waiting = holders.filter((run) => !running().includes(run));
  assert.equal(waiting.length, 2);
  // A stop while waiting: the run ends as switchman would (128 + SIGTERM), its node never started.
  process.kill(waiting[0]!.pid, 'SIGTERM');
  assert.deepEqual(await waiting[0]!.exited, { code: 143, signal: null });
  assert.equal(existsSync(waiting[0]!.out), false);
  // A holder ends: its slot goes to the run still waiting.
  const ended = running()[0]!;
  process.kill(ended.pid, 'SIGTERM');
  await waitFor(() => waiting[1]!.lines().some((l) => l.startsWith('pid ')), 10_000, 'the waiting run to start');
  for (const run of holders) if (run !== waiting[0] && run !== ended) process.kill(run.pid, 'SIGTERM');
  await Promise.all(holders.map((run) => run.exited));
  // Runs that decide at once give their slot back: twice as many as there are slots all start.
  const deciders = Array.from({ length: slots * 2 }, () => probe(program, 'decide', 0));
  await waitFor(() => deciders.every((run) => run.lines().some((l) => l.startsWith('pid '))), 15_000, 'every deciding run to start');
  for (const run of deciders) process.kill(run.pid, 'SIGTERM');
  await Promise.all(deciders.map((run) => run.exited));
});

/** Voluntary context switches of a process so far: how often it woke up. */
function wakeUps(pid: number): number {
  return Number(/^voluntary_ctxt_switches:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

test('start slots: waiting runs sleep in a queue (only its first looks for a free slot); past the wait, a run starts without one and says so', async (t) => {
  const program = launcher(t, NODE, join(work, 'slots-queue'), 2000);
  if (program === undefined) return;
  const slots = 2 * Math.max(1, cpus().length);
  const holders = Array.from({ length: slots }, () => probe(program, 'wait', 0));
  await waitFor(() => holders.every((run) => run.lines().some((l) => l.startsWith('pid '))), 15_000, `${slots} runs to start`);
  const waiting = Array.from({ length: 5 }, () => probe(program, 'wait', 0));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = waiting.map((run) => wakeUps(run.pid));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const woke = waiting.map((run, i) => wakeUps(run.pid) - before[i]!);
  // Polling every 20-100 ms, each would have woken 10 times or more.
  assert.ok(woke.filter((n) => n > 2).length <= 1, `wake-ups per waiting run in 1 s: ${woke.join(', ')}`);
  // The slots stay taken: after 2 s each waiting run starts anyway, with one line for cron to mail.
  await waitFor(() => waiting.every((run) => run.lines().some((l) => l.startsWith('pid '))), 30_000, 'the waiting runs to start without a slot');
  for (const run of waiting) assert.match(run.stderr(), /^switchman: no start slot came free in 2 s \(is this box overloaded\?\); starting without one\n$/);
  for (const run of [...holders, ...waiting]) process.kill(run.pid, 'SIGTERM');
  await Promise.all([...holders, ...waiting].map((run) => run.exited));
});
