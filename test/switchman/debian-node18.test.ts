/**
 * switchman must run on a stock Debian 12 box, whose nodejs is 18.x. This runs
 * switchman's end-to-end group and stop tests again with the bundle executed by
 * Debian's own node 18 (unpacked from Debian's packages by
 * test/support/debian-node18.sh, not installed over this machine's node).
 * It fetches packages with apt, so it runs under CI=true or CRONPACK_E2E=1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './harness.js';

const isWanted = process.env['CI'] === 'true' || process.env['CRONPACK_E2E'] === '1';

test("switchman's end-to-end tests pass on Debian 12's own node 18", { timeout: 10 * 60_000 }, (t) => {
  if (!isWanted) {
    t.skip("fetches Debian's nodejs 18 with apt-get download: runs under CI=true, or set CRONPACK_E2E=1");
    return;
  }
  assert.equal(process.getuid?.(), 0, 'needs root (a private mount namespace for /usr/share/nodejs)');
  const node18 = execFileSync('bash', [join(ROOT, 'test', 'support', 'debian-node18.sh')], { encoding: 'utf8' }).trim();
  assert.match(execFileSync(node18, ['--version'], { encoding: 'utf8' }), /^v18\./);
  // A fresh test run, not a subprocess of this one: node:test marks those with NODE_TEST_CONTEXT.
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHMAN_TEST_NODE: node18 };
  delete env['NODE_TEST_CONTEXT'];
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=tap', ...['e2e-groups', 'e2e-stop', 'e2e-sigusr1', 'syslog', 'e2e-fleet-control', 'e2e-fleet-check'].map((name) => join(ROOT, `test/switchman/${name}.test.ts`))],
    { cwd: ROOT, encoding: 'utf8', env },
  );
  const summary = run.stdout.split('\n').filter((l) => /^# (tests|pass|fail|skipped) /.test(l));
  console.log(`switchman e2e on Debian's node 18 (${node18}): ${summary.map((l) => l.slice(2)).join(', ')}`);
  // Each failure with its YAML block (the assertion and where): CI shows only this message.
  const lines = run.stdout.split('\n');
  const failures = lines.flatMap((l, i) => (/^\s*not ok/.test(l) ? lines.slice(i, i + 25) : []));
  assert.equal(run.status, 0, failures.join('\n') + run.stderr);
  assert.ok(summary.some((l) => /^# pass [1-9]/.test(l)));
  assert.ok(summary.includes('# skipped 0'), 'nothing skipped');
});
