// End to end: several switchman processes contend for one lock, over and over. The jobs log
// their start and end times to one file; no two intervals may overlap.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { zkTestOptions } from '../support/zookeeper.js';
import { SharedZk, ensureBundle, makeSetup, runSwitchman } from './harness.js';
import { countOverlaps, parseIntervals, peakLoad } from './timeline.js';

const ATTEMPTS = 210;
const WORKERS = 3;
const zk = new SharedZk();
const opts = zkTestOptions();
before(() => void ensureBundle());
after(() => zk.dispose());

test('the overlap check itself finds overlaps', () => {
  const text = 'S 1 100\nS 2 150\nE 1 200\nE 2 250\nS 3 300\nE 3 310\n';
  assert.equal(countOverlaps(parseIntervals(text)), 1);
  assert.equal(countOverlaps(parseIntervals('S 1 100\nE 1 200\nS 2 201\nE 2 300\n')), 0);
  assert.equal(peakLoad(parseIntervals('S 1 100 2\nS 2 150 3\nE 1 200\nS 3 200 1\nE 2 250\nE 3 260\n')), 6);
  assert.equal(peakLoad(parseIntervals('S 1 100 2\nE 1 200\nS 2 201 3\nE 2 300\n')), 3);
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
