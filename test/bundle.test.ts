import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './support/golden.js';
import { hasCommand, requireTool } from './support/require-tool.js';

const bundle = join(repoRoot, 'dist', 'bundle', 'cronpack.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bundle, ...args], { encoding: 'utf8', cwd: repoRoot });

// The installed CLI is the esbuild bundle, not the sources the other tests import: run it once for real.
test('the bundled CLI (what npm installs) checks, lists, explains and builds', (t) => {
  if (!requireTool(t, existsSync(bundle), 'dist/bundle/cronpack.mjs (npm run build)')) return;
  const version = run('--version');
  assert.equal(version.stdout.trim(), (JSON.parse(spawnSync('cat', [join(repoRoot, 'package.json')], { encoding: 'utf8' }).stdout) as { version: string }).version);
  const demo = join(repoRoot, 'fixtures', 'demo');
  assert.equal(run('-C', demo, 'check').status, 0);
  assert.equal(run('-C', join(repoRoot, 'fixtures', 'broken-rules'), 'check', '--format', 'json').status, 1);
  assert.match(run('-C', demo, 'list', '--format', 'json').stdout, /"package": "scripts2"/);
  assert.match(run('explain', '@daily').stdout, /At 00:00/);
  const built = run('-C', demo, 'build', '--stdout');
  assert.equal(built.status, 0, built.stderr);
  assert.match(built.stdout, /# \/etc\/cron.d\/acme-scripts1/);
  const work = mkdtempSync(join(tmpdir(), 'cronpack-bundle-'));
  try {
    assert.equal(run('-C', work, 'init').status, 0);
    assert.equal(run('-C', work, 'check').status, 0, 'the config init writes loads clean');
    if (hasCommand('dpkg-deb')) {
      const packaged = run('-C', demo, 'package', '--out', join(work, 'debs'));
      assert.equal(packaged.status, 0, packaged.stderr);
      assert.match(packaged.stdout, /acme-scripts1_1\.0\.0_all\.deb/);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
