/**
 * Differential test: every generated schedule goes through Debian's own
 * parser (test/oracle: entry.c/env.c of cron 3.0pl1-162 compiled into
 * cron-oracle) and through parseSchedule(); they must agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { modelDifferences, oraclePath, runOracle } from '../oracle/oracle.js';
import { requireTool } from '../support/require-tool.js';
import { parseSchedule } from '../../src/schedule/parse-schedule.js';
import { scheduleMessages, scheduleMisreadIds } from '../../src/catalogue/schedule-messages.js';
import { CURATED_SCHEDULES, generateSchedules } from './schedule-corpus.js';

const COUNT = 12_000;

/** The oracle's own hand-written fact inputs (test/oracle/cases/schedules.txt, one per line), when present. */
function oracleCases(): string[] {
  const file = new URL('../oracle/cases/schedules.txt', import.meta.url);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0);
}

test('oracle-diff: parseSchedule agrees with Debian cron 3.0pl1-162 on generated schedules', async (t) => {
  if (!requireTool(t, oraclePath() !== undefined, "Debian's cron parser (test/oracle/build.sh)")) return;
  const generated = generateSchedules(COUNT);
  assert.ok(generated.length >= 5000, `corpus too small: ${generated.length}`);
  const inputs = [...new Set([...CURATED_SCHEDULES, ...oracleCases(), ...generated])];
  const results = await runOracle('schedule', inputs);

  const disagreements: string[] = [];
  let accepted = 0;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const debian = results[i]!;
    const ours = parseSchedule(input);
    const errors = ours.reports.filter((r) => scheduleMessages[r.messageId].severity === 'error');
    const problems: string[] = [];
    if (!debian.ok) {
      if (ours.model) problems.push('Debian rejects it but we built a model');
      if (errors.length === 0) problems.push('Debian rejects it but we report no error');
      for (const r of ours.reports) {
        if (r.offset < 0 || r.offset + r.length > input.length) problems.push(`report ${r.messageId} is outside the text`);
      }
    } else {
      accepted++;
      const m = ours.model;
      if (!m) {
        problems.push(`Debian accepts it but we reject it: ${ours.reports.map((r) => r.messageId).join(', ')}`);
      } else {
        problems.push(...modelDifferences(m, debian));
        for (const r of errors) {
          if (!scheduleMisreadIds.has(r.messageId)) problems.push(`Debian accepts it but we report ${r.messageId}`);
        }
      }
    }
    if (problems.length > 0) {
      disagreements.push(`${JSON.stringify(input)} (Debian: ${debian.ok ? 'accepts' : debian.error}): ${problems.join('; ')}`);
    }
  }
  const agreed = inputs.length - disagreements.length;
  console.log(`oracle-diff: compared ${inputs.length} schedules, agreed ${agreed}`);
  console.log(`oracle-diff: Debian accepted ${accepted}, rejected ${inputs.length - accepted}`);
  assert.deepEqual(disagreements.slice(0, 25), [], `${disagreements.length} disagreement(s) with Debian`);
});
