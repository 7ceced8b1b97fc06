/**
 * `cronpack build` as a real process, killed again and again at random
 * moments (most of them while it writes) with SIGINT, SIGTERM and SIGKILL,
 * while this process watches the output path. Every time: the path exists,
 * it holds a whole output (the old one or the new one), a "created" or
 * "updated" line means the new one is in place, and after SIGINT/SIGTERM the
 * run left nothing beside it. After a run that is not killed, nothing is left
 * at all: what SIGKILLed runs left is gone.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputMarkerName } from '../../src/core/output-marker.js';
import { repoRoot } from '../support/golden.js';
import { prng } from '../support/prng.js';
import { runCliCaptured } from '../support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'cronpack-interrupt-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Two copies of the demo whose outputs differ (their MAILTO), so each output can be told apart. */
const repos: Record<string, string> = {};
for (const source of ['A', 'B']) {
  const repo = join(work, `repo-${source}`);
  cpSync(join(repoRoot, 'fixtures', 'demo'), repo, { recursive: true });
  const configPath = join(repo, 'cronpack.config.json');
  writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('cron-reports@acme.example', `cron-${source.toLowerCase()}@acme.example`));
  repos[source] = repo;
}

/** The files of an output folder, through its symlink, without the marker; the marker must list exactly them. */
function readOutput(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) if (name !== outputMarkerName) files[name] = readFileSync(join(dir, name), 'utf8');
  assert.deepEqual(JSON.parse(readFileSync(join(dir, outputMarkerName), 'utf8')).entries, Object.keys(files), 'the marker lists the files');
  return files;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function busyWaitMs(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

test('killed at random moments, build never leaves the output missing or half-written, and SIGINT/SIGTERM leave no temporary folder', async (t) => {
  const expected: Record<string, Record<string, string>> = {};
  for (const source of ['A', 'B']) {
    const run = await runCliCaptured(['-C', repos[source]!, 'build', '--out', join(work, source)]);
    assert.equal(run.code, 0, run.stderr);
    expected[source] = readOutput(join(work, source, 'cron.d'));
  }
  assert.notDeepEqual(expected['A'], expected['B']);
  const out = join(work, 'out');
  const cronDir = join(out, 'cron.d');
  assert.equal((await runCliCaptured(['-C', repos['A']!, 'build', '--out', out])).code, 0);

  const random = prng(1010);
  const signals = ['SIGINT', 'SIGTERM', 'SIGKILL'] as const;
  const rounds = 15;
  let killedWhileWriting = 0;
  let previousKept = 0;
  for (let round = 0; round < rounds; round++) {
    const source = round % 2 === 0 ? 'B' : 'A';
    const signal = signals[round % 3]!;
    const atWrite = random() < 0.75;
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/bin.ts'), '-C', repos[source]!, 'build', '--out', out], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    let hasExited = false;
    void ended.then(() => (hasExited = true));
    const own = `.cron.d.cronpack-${child.pid}-`;
    const deadline = performance.now() + (atWrite ? 20000 : random() * 1200);
    let sawWrite = false;
    // Watch the output path at every turn of the event loop until it is time to kill.
    while (!hasExited && performance.now() < deadline) {
      assert.ok(lstatSync(cronDir).isSymbolicLink(), `round ${round}: the output path is there at every moment`);
      if (atWrite && readdirSync(out).some((name) => name.startsWith(own))) {
        sawWrite = true;
        break;
      }
      await nextTurn();
    }
    if (sawWrite) busyWaitMs(random() * 12);
    child.kill(signal);
    const end = await ended;
    const killed = end.signal === signal;
    assert.ok(killed || end.code === 0, `round ${round}: ${signal} ends the run as killed by it, or it had finished (${JSON.stringify(end)}): ${stderr}`);
    assert.doesNotMatch(stderr, /internal error|at .*\.ts:\d+/);
    if (killed && sawWrite) killedWhileWriting++;

    const now = readOutput(cronDir);
    assert.ok([expected['A'], expected['B']].some((whole) => JSON.stringify(whole) === JSON.stringify(now)), `round ${round}: a whole output, old or new`);
    if (killed && sawWrite && JSON.stringify(now) !== JSON.stringify(expected[source])) previousKept++;
    if (/^(created|updated|unchanged) /m.test(stderr)) assert.deepEqual(now, expected[source], `round ${round}: a "created/updated" line only once the new output is in place`);
    const beside = readdirSync(out);
    if (killed && signal !== 'SIGKILL') assert.deepEqual(beside.filter((name) => name.includes(`-${child.pid}-`) && name !== readlinkSync(cronDir) && name !== readlinkSync(join(out, 'jobs'))), [], `round ${round}: ${signal} removed what the run had made`);
    if (end.code === 0) assert.deepEqual(beside.sort(), ['cron.d', readlinkSync(cronDir), 'jobs', readlinkSync(join(out, 'jobs'))].sort(), `round ${round}: a finished run leaves nothing else`);
  }
  const last = await runCliCaptured(['-C', repos['B']!, 'build', '--out', out]);
  assert.equal(last.code, 0, last.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['cron.d', readlinkSync(cronDir), 'jobs', readlinkSync(join(out, 'jobs'))].sort(), 'the next run removed what SIGKILLed runs left');
  assert.deepEqual(readOutput(cronDir), expected['B']);
  t.diagnostic(`${rounds} runs killed, ${killedWhileWriting} of them while writing, of which ${previousKept} before the swap (the previous output kept)`);
  assert.ok(killedWhileWriting >= 3, 'the kills do land while the output is being written');
});
