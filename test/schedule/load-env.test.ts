/**
 * load-env.ts (the port of env.c load_env()) against Debian's own load_env()
 * in test/oracle: for every line, both must agree on whether it is an
 * environment setting and, if so, on the name and value cron sets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oraclePath, runOracle } from '../oracle/oracle.js';
import { requireTool } from '../support/require-tool.js';
import { loadEnv } from '../../src/schedule/load-env.js';
import { renderEnvLine } from '../../src/render/env-line.js';
import { createRandom } from './schedule-corpus.js';

/** misc.c skip_comments(), then load_env(): undefined for blank, comment and job lines. */
function readLine(line: string) {
  const rest = line.replace(/^[ \t]+/, '');
  return rest === '' || rest.startsWith('#') ? undefined : loadEnv(rest);
}

/**
 * A line whose name or value opens a quote as its last character: load_env()
 * copies the NUL and reads on past it into whatever the buffer held before
 * (undefined behaviour), so Debian's answer is not a property of the line.
 */
function readsPastEnd(line: string): boolean {
  return /^[ \t]*['"]$/.test(line) || /=[ \t\v\f\r]*['"]$/.test(line);
}

test("load_env port: agrees with Debian's load_env on name, value and whether a line is a setting", async (t) => {
  if (!requireTool(t, oraclePath() !== undefined, "Debian's cron parser (test/oracle/build.sh)")) return;
  const pieces = ['A', 'b_1', ' ', '\t', '"', "'", '=', '==', '#', '\\', '%', 'é', '\v', '\f', '\r', 'x y', '*', '5', 'root', 'true'];
  const random = createRandom(14);
  const lines = ['A=b', 'A=', 'A= ', 'A=""', "A=''", 'A="x\t"', "'A'=b", '"A=b"', ' A = b ', 'A="b" c', 'A="b"  ', `A=${'x'.repeat(996)}`, `A=${'x'.repeat(997)}`, `A="${'é'.repeat(500)}"`];
  for (let i = 0; lines.length < 6000; i++) lines.push(Array.from({ length: 1 + Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join(''));
  for (let i = lines.length - 1; i >= 0; i--) if (readsPastEnd(lines[i]!)) lines.splice(i, 1);
  const results = await runOracle('line', lines, { anyUser: true });
  let settings = 0;
  results.forEach((r, i) => {
    const ours = readLine(lines[i]!);
    const label = JSON.stringify(lines[i]);
    if (r.ok && r.kind === 'env') {
      settings++;
      assert.deepEqual(ours, { name: r.name, value: r.value }, label);
    } else {
      assert.equal(ours, undefined, `${label}: Debian does not read it as a setting`);
    }
  });
  assert.ok(settings > 500, `too few settings in the corpus: ${settings}`);
  t.diagnostic(`${lines.length} lines, ${settings} of them settings, agree with Debian's load_env`);
});

test('renderEnvLine reads its own line back with the load_env port: a value cron would cut short is refused', () => {
  const fits = 'é'.repeat(496); // 5 + 992 bytes: load_env reads all of it
  assert.deepEqual(renderEnvLine('NAME', fits), { line: `NAME=${fits}` });
  const cut = 'é'.repeat(497); // 999 bytes: get_string() keeps only 998
  assert.ok('problem' in renderEnvLine('NAME', cut), 'under the 998-character limit, but not the 998-byte one');
  assert.deepEqual(loadEnv('NAME=x'), { name: 'NAME', value: 'x' });
});
