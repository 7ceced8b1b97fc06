import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/golden.js';
import { requireTool } from './support/require-tool.js';

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
  const built = run('-C', demo, 'build', '--stdout', '--source', 't');
  assert.equal(built.status, 0, built.stderr);
  assert.match(built.stdout, /# \/etc\/cron.d\/acme-scripts1/);
});
