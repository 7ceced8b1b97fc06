/**
 * A pre-commit hook or CI job that runs only `check` must refuse everything
 * `build` refuses; and the library's check() behaves as the CLI's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, check } from '../src/index.js';
import { runCliCaptured } from './support/run-cli.js';

const block = (params = '', user = ''): string =>
  `#!/bin/sh\n# METADATA\n# <crontab>\n#   package: jobs\n#   time: 0 * * * *\n${params ? `#   params: ${params}\n` : ''}${user ? `#   user: ${user}\n` : ''}# </crontab>\n`;

function repo(files: Record<string, string>, config?: object): string {
  const root = mkdtempSync(join(tmpdir(), 'cronpack-catch-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text, { mode: 0o755 });
  }
  if (config) writeFileSync(join(root, 'cronpack.config.json'), JSON.stringify(config));
  return root;
}

const errorCodes = (diagnostics: readonly { code: string; severity: string }[]): string[] =>
  diagnostics.filter((d) => d.severity === 'error').map((d) => d.code).sort();

const refusals: Array<{ name: string; code: string; files: Record<string, string>; config?: object }> = [
  { name: 'two scripts with one lock name', code: 'CP3001', files: { 'a/b.sh': block(), 'a.b.sh': block() } },
  { name: 'a command over 998 bytes', code: 'CP3002', files: { 'long.sh': block(`--x ${'y'.repeat(990)}`) } },
  { name: 'an env value cron would misread', code: 'CP3005', files: { 'ok.sh': block() }, config: { env: { GREETING: 'hello ' } } },
  { name: 'a script that is not executable', code: 'CP2501', files: { 'ok.sh': block() } },
];

for (const refusal of refusals) {
  test(`check reports what build refuses: ${refusal.name} (${refusal.code})`, async () => {
    const root = repo(refusal.files, refusal.config);
    try {
      if (refusal.code === 'CP2501') chmodSync(join(root, 'ok.sh'), 0o644);
      const built = await build({ root });
      const checked = await check({ root });
      assert.ok(errorCodes(built.diagnostics).includes(refusal.code), `build refuses with ${refusal.code}: ${errorCodes(built.diagnostics).join(', ')}`);
      assert.deepEqual(errorCodes(checked.diagnostics), errorCodes(built.diagnostics));
      const cli = await runCliCaptured(['-C', root, 'check', '--format', 'json']);
      assert.equal(cli.code, 1);
      assert.deepEqual(errorCodes((JSON.parse(cli.stdout) as { diagnostics: { code: string; severity: string }[] }).diagnostics), errorCodes(built.diagnostics));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

test('check({ root }) loads the config as the CLI does, and one config mistake is one diagnostic', async () => {
  const root = repo({ 'ok.sh': block() }, { installDir: '/usr//share/x' });
  try {
    const checked = await check({ root });
    assert.deepEqual(checked.diagnostics.map((d) => [d.code, d.file]), [['CP0003', 'cronpack.config.json']]);
    const cli = await runCliCaptured(['-C', root, 'check', '--format', 'json']);
    assert.equal((JSON.parse(cli.stdout) as { diagnostics: unknown[] }).diagnostics.length, 1);
    const unknownKey = repo({ 'ok.sh': block() }, { instalDir: '/x' });
    const cliKey = await runCliCaptured(['-C', unknownKey, 'check', '--format', 'json']);
    assert.deepEqual((JSON.parse(cliKey.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code), ['CP0002']);
    rmSync(unknownKey, { recursive: true, force: true });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('check({ root, paths }): paths are relative to the root, wherever the process runs', async () => {
  const root = repo({ 'bin/a.sh': block('--a'), 'bin/b.sh': block('--b') });
  try {
    assert.notEqual(process.cwd(), root);
    const checked = await check({ root, paths: ['bin/a.sh'] });
    assert.deepEqual(checked.diagnostics, []);
    assert.deepEqual(checked.jobs.map((job) => job.script), ['bin/a.sh']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a cron.d file depends only on the jobs and the config: not on the commit, the cronpack version or the build machine', async () => {
  const root = repo({ 'ok.sh': block() });
  try {
    const git = (...args: string[]): string => execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'one');
    const first = (await build({ root })).files[0]!.content;
    writeFileSync(join(root, 'NOTES'), 'unrelated change\n');
    git('add', '-A');
    git('commit', '-qm', 'two');
    const second = (await build({ root })).files[0]!.content;
    assert.equal(second, first, 'a new commit that leaves the jobs alone leaves the conffile alone');
    assert.doesNotMatch(first, /\bgit\b|\d+\.\d+\.\d+/, 'no commit and no version in the file');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
