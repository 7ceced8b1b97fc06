/**
 * H against Debian's own parser (test/oracle, cron 3.0pl1-162's entry.c): every schedule with H
 * terms that cronpack accepts resolves into text Debian accepts, and Debian reads it exactly as
 * cronpack's model (the one list, explain and the jobs manifest describe) says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelDifferences, oraclePath, runOracle } from '../oracle/oracle.js';
import { requireTool } from '../support/require-tool.js';
import { parseMetadataSchedule } from '../../src/schedule/metadata-schedule.js';
import { prng } from '../support/prng.js';

const FIELDS = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 7 },
];

/** A random field: H in its four forms (in range or not), a plain value, or "*". */
function field(random: () => number, index: number): string {
  const { min, max } = FIELDS[index]!;
  const pick = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const low = pick(min, max);
  const high = pick(low, max);
  const step = pick(1, high - low + 2);
  const forms = ['H', `H/${pick(1, max - min + 1)}`, `H(${low}-${high})`, `H(${low}-${high})/${step}`, '*', String(low), `H,${low}`];
  return forms[Math.floor(random() * forms.length)]!;
}

test('H resolves into schedules Debian reads exactly as cronpack says', async (t) => {
  if (!requireTool(t, oraclePath() !== undefined, "Debian's cron parser (test/oracle/build.sh)")) return;
  const random = prng(0x48);
  const cases = Array.from({ length: 4000 }, (_, i) => {
    const written = FIELDS.map((_, f) => field(random, f)).join(' ');
    return { written, ours: parseMetadataSchedule(written, `job${i}.pl`) };
  });
  const accepted = cases.filter((c) => c.ours.model !== undefined);
  assert.ok(accepted.length > 2000, `only ${accepted.length} accepted`);
  const results = await runOracle('schedule', accepted.map((c) => c.ours.resolved));
  const problems: string[] = [];
  accepted.forEach((c, i) => {
    const debian = results[i]!;
    const m = c.ours.model!;
    if (!debian.ok) {
      problems.push(`${c.written} -> ${c.ours.resolved}: Debian rejects it (${debian.error})`);
      return;
    }
    for (const difference of modelDifferences(m, debian)) problems.push(`${c.written} -> ${c.ours.resolved}: ${difference}`);
    if (/H/.test(c.ours.resolved)) problems.push(`${c.written}: an H is left in ${c.ours.resolved}`);
  });
  console.log(`hash-oracle: ${cases.length} H schedules, ${accepted.length} accepted by cronpack, all compared with Debian's reading`);
  assert.deepEqual(problems.slice(0, 20), []);
});
