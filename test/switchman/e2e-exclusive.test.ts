// End to end: several switchman processes contend for one lock, over and over. The jobs log
// their start and end times to one file; no two intervals may overlap.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { zkTestOptions } from '../support/zookeeper.js';
import { SharedZk, ensureBundle, makeSetup, runSwitchman } from './harness.js';

const ATTEMPTS = 210;
const WORKERS = 3;
const zk = new SharedZk();
const opts = zkTestOptions();
before(() => void ensureBundle());
after(() => zk.dispose());

interface Interval {
  pid: number;
  start: bigint;
  end: bigint;
}

/** Reads "S <pid> <ns>" / "E <pid> <ns>" lines into intervals; every start must have its end. */
function parseIntervals(text: string): Interval[] {
  const open = new Map<number, bigint>();
  const intervals: Interval[] = [];
  for (const line of text.split('\n')) {
    const [kind, pid, ns] = line.split(' ');
    if (kind === undefined || pid === undefined || ns === undefined) continue;
    if (kind === 'S') open.set(Number(pid), BigInt(ns));
    else if (kind === 'E') {
      const start = open.get(Number(pid));
      assert.ok(start !== undefined, `end without start: ${line}`);
      open.delete(Number(pid));
      intervals.push({ pid: Number(pid), start, end: BigInt(ns) });
    }
  }
  assert.equal(open.size, 0, 'a job started and never ended');
  return intervals.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

function countOverlaps(intervals: readonly Interval[]): number {
  let overlaps = 0;
  let lastEnd = -1n;
  for (const interval of intervals) {
    if (interval.start <= lastEnd) overlaps += 1;
    if (interval.end > lastEnd) lastEnd = interval.end;
  }
  return overlaps;
}

test('the overlap check itself finds overlaps', () => {
  const text = 'S 1 100\nS 2 150\nE 1 200\nE 2 250\nS 3 300\nE 3 310\n';
  assert.equal(countOverlaps(parseIntervals(text)), 1);
  assert.equal(countOverlaps(parseIntervals('S 1 100\nE 1 200\nS 2 201\nE 2 300\n')), 0);
});

test(`${WORKERS} switchman processes contend for one lock ${ATTEMPTS} times: no overlap`, opts, async (t) => {
  const server = await zk.get();
  const setup = makeSetup(server.connectString, { loglevel: 'info' });
  await (await zk.admin()).setGroups(setup.prefix, { g: ['box-other', setup.host] });
  const timeline = join(setup.dir, 'timeline');
  const job = `echo "S $$ $(date +%s%N)" >> "${timeline}"; sleep 0.05; echo "E $$ $(date +%s%N)" >> "${timeline}"`;
  let attempts = 0;
  const codes: number[] = [];
  const worker = async (): Promise<void> => {
    while (attempts < ATTEMPTS) {
      attempts += 1;
      const run = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', 'contended', '--', '/bin/sh', '-c', job], { host: setup.host });
      const { code } = await run.exited;
      codes.push(code ?? -1);
      if (code !== 0) assert.fail(`switchman exited ${code}: ${run.stderr()}`);
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));

  const intervals = parseIntervals(readFileSync(timeline, 'utf8'));
  const log = readFileSync(setup.logPath, 'utf8');
  const busy = (log.match(/lock is busy, not running/g) ?? []).length;
  const started = (log.match(/ START /g) ?? []).length;
  t.diagnostic(`${codes.length} attempts: ${intervals.length} jobs ran, ${busy} found the lock busy`);
  assert.equal(codes.length, ATTEMPTS);
  assert.equal(started, intervals.length);
  assert.equal(started + busy, ATTEMPTS, 'every attempt either ran or found the lock busy');
  assert.ok(busy >= 10, 'the processes really contended');
  assert.ok(intervals.length >= 20, 'and the lock really passed between them');
  assert.equal(countOverlaps(intervals), 0);
});
