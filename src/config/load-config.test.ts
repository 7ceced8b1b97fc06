import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadConfig } from './load-config.js';

function withRepo(files: Record<string, string>, body: (root: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'cronpack-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return body(root).finally(() => rmSync(root, { recursive: true, force: true }));
}

test('no config at all: every default, prefix from the folder name made safe', () =>
  withRepo({}, async (root) => {
    const { config, diagnostics, file } = await loadConfig(root);
    assert.deepEqual(diagnostics, []);
    assert.equal(file, undefined);
    assert.match(config.prefix, /^[a-z0-9-]+$/);
    assert.equal(config.prefix, basename(root).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''));
    assert.equal(config.installDir, `/usr/share/${config.prefix}/scripts`);
    assert.deepEqual(config.switchman, { bin: '/usr/bin/switchman', config: '/etc/switchman.conf' });
    assert.deepEqual(config.users, ['root']);
  }));

test('prefix from package.json name (scope dropped), config from its "cronpack" key', () =>
  withRepo({ 'package.json': JSON.stringify({ name: '@acme/Cron_Jobs', cronpack: { user: 'www-data' } }, null, 2) }, async (root) => {
    const { config, file } = await loadConfig(root);
    assert.equal(file, 'package.json');
    assert.equal(config.prefix, 'cron-jobs');
    assert.deepEqual(config.users, ['root', 'www-data']);
  }));

test('cronpack.config.json wins, may hold comments, and mistakes point at the key', () =>
  withRepo(
    {
      'package.json': '{"name": "x", "cronpack": {"prefix": "from-package"}}',
      'cronpack.config.json': '{\n  // our prefix\n  "prefix": "Bad_Prefix",\n  "colour": "blue",\n  "env": {"PATH": 5}\n}\n',
    },
    async (root) => {
      const { diagnostics, file } = await loadConfig(root);
      assert.equal(file, 'cronpack.config.json');
      assert.deepEqual(
        diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`),
        [
          'CP0002 3:13 Config: "prefix" must match pattern "^[a-z0-9][a-z0-9-]*$".',
          'CP0002 4:3 Config: unknown key "colour" in the config.',
          'CP0002 5:19 Config: "env.PATH" must be string.',
        ],
      );
    },
  ));

test('broken JSON gets its position, and package.json may not hold comments', () =>
  withRepo({ 'package.json': '{\n  "name": "x", // no\n}' }, async (root) => {
    const { diagnostics } = await loadConfig(root);
    assert.equal(diagnostics[0]?.code, 'CP0001');
    assert.deepEqual([diagnostics[0]?.line, diagnostics[0]?.column], [2, 16]);
  }));
