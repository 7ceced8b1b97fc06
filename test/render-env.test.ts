import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkScript, loadConfig, lockNameFor, planCronFiles, renderEnvLine, withDefaults } from '../src/index.js';
import { oraclePath, runOracle } from './oracle/oracle.js';
import { requireTool } from './support/require-tool.js';
import { runCliCaptured } from './support/run-cli.js';
import { prng } from './support/prng.js';

test("env lines: whatever renderEnvLine writes, Debian's load_env reads back unchanged", async (t) => {
  if (!requireTool(t, oraclePath() !== undefined, "Debian's cron parser (test/oracle/build.sh)")) return;
  const pieces = ['a', ' ', '"', "'", '=', '#', '\\', '%', '$', 'é', '\t', ''];
  const random = prng(5);
  const values = ['', 'x', ' lead', 'say "hi"', "it's", '"both\' kinds', '/usr/bin:/bin', '""', "'x'"];
  for (let i = 0; i < 2000; i++) values.push(Array.from({ length: Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join(''));
  const written = values.flatMap((value) => {
    const result = renderEnvLine('NAME', value);
    return 'line' in result ? [{ value, line: result.line }] : [];
  });
  assert.ok(written.length > 1000, `too few representable values: ${written.length}`);
  const parsed = await runOracle('line', written.map((w) => w.line));
  parsed.forEach((r, i) => {
    assert.ok(r.ok && r.kind === 'env', `${JSON.stringify(written[i]!.line)} is not an env line to cron`);
    assert.equal(r.value, written[i]!.value, written[i]!.line);
  });
  assert.deepEqual(renderEnvLine('A', ''), { line: 'A=""' }, 'never the A= that cron rejects');
  assert.ok('problem' in renderEnvLine('A', "'x'"));
  assert.ok('problem' in renderEnvLine('A', 'x '));
  t.diagnostic(`${written.length} env values round-tripped through Debian's load_env`);
});

test('lock names: stable, distinct per job, no "/", collisions are errors', () => {
  const text = (blocks: string[]) =>
    `#!/bin/sh\n# METADATA\n${blocks.map((b) => `# <crontab>\n#   package: p\n#   time: 1 * * * *\n#   params: ${b}\n# </crontab>`).join('\n')}\n`;
  const { jobs } = checkScript({ path: 'a/b.sh', text: text(['--x 1', '--x 2', '--mod 2 --rem 0', '--mod 2 --rem 1']) });
  const names = jobs.map(lockNameFor);
  assert.equal(new Set(names).size, 4);
  for (const name of names) assert.match(name, /^a\.b\.sh(\.p[0-9a-f]{8})?(\.shard\dof2)?$/);
  assert.deepEqual(jobs.map(lockNameFor), names, 'stable');
  const config = withDefaults({}, { root: '/x' });
  const inPackage = (path: string, pkg: string, params: string) =>
    checkScript({ path, text: text([params]).replace('package: p', `package: ${pkg}`) }).jobs;
  assert.deepEqual(planCronFiles([...inPackage('a/b.sh', 'p', '--y'), ...inPackage('a/b.sh', 'q', '--y')], config).diagnostics, [], 'same script and params in two packages: one piece of work, one lock');
  assert.deepEqual(planCronFiles([...inPackage('a.b.sh', 'p', '--y'), ...inPackage('a/b.sh', 'p', '--z')], config).diagnostics, [], 'other params, other lock');
  const collide = planCronFiles([...inPackage('a.b.sh', 'p', '--y'), ...inPackage('a/b.sh', 'p', '--y')], config);
  assert.deepEqual(collide.diagnostics.map((d) => d.code), ['CP3001']);
});

test('cronpack init writes a commented config that loads clean, and refuses to overwrite it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cronpack-init-'));
  try {
    assert.equal((await runCliCaptured(['-C', root, 'init'])).code, 0);
    assert.match(readFileSync(join(root, 'cronpack.config.json'), 'utf8'), /\/\/ cron\.d files and Debian packages are named/);
    assert.deepEqual((await loadConfig(root)).diagnostics, []);
    assert.equal((await runCliCaptured(['-C', root, 'check'])).code, 0);
    const again = await runCliCaptured(['-C', root, 'init']);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
