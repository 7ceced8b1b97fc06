/**
 * A scripts repository installs cronpack the ways the README says (it is not on the
 * npm registry): from a tarball made by `npm pack`, and from git at a commit sha.
 * Both start from a clean copy of this repository (no dist/, no node_modules); the
 * dependencies come from the npm registry. Then the README's commands run from the
 * install.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import test from 'node:test';
import { hasCommand, requireTool } from '../support/require-tool.js';
import { isolatedEnv, mustRun, run, shellScript, snapshotRepository } from './hook-repo.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** A scripts repository with one good script, cronpack not installed yet. */
function scriptsRepository(dir: string, env: NodeJS.ProcessEnv): void {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mustRun('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'acme', version: '1.0.0', private: true }, null, 2)}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n/out/\n');
  writeFileSync(join(dir, 'bin/nightly.sh'), shellScript('nightly', '5 3 * * *'), { mode: 0o755 });
}

test('npm pack of a clean clone installs into a scripts repository, and the README commands work from it', { timeout: 10 * 60_000 }, async (t) => {
  if (!requireTool(t, hasCommand('npm'), 'npm')) return;
  const work = mkdtempSync(join(tmpdir(), 'cronpack-npm-install-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const env = isolatedEnv();

  const source = join(work, 'cronpack');
  snapshotRepository(source, env);
  // npm ci builds dist/ (the "preprepare" script), as for a developer.
  mustRun('npm', ['ci'], { cwd: source, env });
  assert.ok(existsSync(join(source, 'dist/bundle/cronpack.mjs')), 'npm ci did not build dist/');

  // npm pack prints the tarball's name and nothing else on stdout: the pre-commit
  // framework reads that output as the file name (pre_commit/languages/node.py).
  const pack = mustRun('npm', ['pack'], { cwd: source, env });
  assert.equal(pack.stdout.trim(), `cronpack-${version}.tgz`, `npm pack printed more than the file name on stdout:\n${pack.stdout}`);
  const tarball = join(source, `cronpack-${version}.tgz`);

  const scripts = join(work, 'scripts');
  scriptsRepository(scripts, env);
  mustRun('npm', ['install', '--save-dev', tarball], { cwd: scripts, env });
  const devDependencies = (JSON.parse(readFileSync(join(scripts, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> }).devDependencies;
  assert.match(devDependencies?.['cronpack'] ?? '', /cronpack-.*\.tgz$/);

  const npx = (...args: string[]) => run('npx', ['--no-install', 'cronpack', ...args], { cwd: scripts, env });

  await t.test('npx cronpack --version', () => {
    const r = npx('--version');
    assert.equal(r.status, 0, r.output);
    assert.equal(r.stdout.trim(), version);
  });

  await t.test('npx cronpack check: the whole repository, named files, -C, a bad script', () => {
    let r = npx('check');
    assert.equal(r.status, 0, r.output);
    r = npx('check', 'bin/nightly.sh');
    assert.equal(r.status, 0, r.output);
    r = npx('-C', scripts, 'check');
    assert.equal(r.status, 0, r.output);
    r = npx('check', '--format', 'json');
    assert.equal(r.status, 0, r.output);
    assert.equal((JSON.parse(r.stdout) as { summary: { errors: number } }).summary.errors, 0);

    writeFileSync(join(scripts, 'bin/bad.sh'), shellScript('nightly', '99 * * * *'), { mode: 0o755 });
    r = npx('check');
    unlinkSync(join(scripts, 'bin/bad.sh'));
    assert.equal(r.status, 1, r.output);
    assert.match(r.output, /CP2408/);
  });

  await t.test('npx cronpack explain and list', () => {
    let r = npx('explain', '0 0 */2 * 1', '--tz', 'Europe/Berlin');
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /CP2427/);
    r = npx('list');
    assert.equal(r.status, 0, r.output);
    assert.match(r.stdout, /bin\/nightly\.sh/);
  });

  await t.test('npx cronpack init writes a config whose $schema is in the install', () => {
    const r = npx('init');
    assert.equal(r.status, 0, r.output);
    const config = readFileSync(join(scripts, 'cronpack.config.json'), 'utf8');
    const schema = /"\$schema":\s*"([^"]+)"/.exec(config)?.[1];
    assert.ok(schema, config);
    assert.ok(existsSync(resolve(scripts, schema)), `$schema ${schema} does not exist in the install`);
    assert.equal(npx('check').status, 0, 'the generated config is valid');
  });

  await t.test('npx cronpack build writes the cron.d file', () => {
    const r = npx('build');
    assert.equal(r.status, 0, r.output);
    const cronFile = readFileSync(join(scripts, 'out/cronpack/cron.d/acme-nightly'), 'utf8');
    assert.match(cronFile, /^5 3 \* \* \* root .*bin\/nightly\.sh/m);
    assert.equal(npx('build', '--stdout').status, 0);
  });

  await t.test('npx cronpack package builds the .debs', (t) => {
    if (!requireTool(t, hasCommand('dpkg-deb'), 'dpkg-deb (apt-get install dpkg-dev)')) return;
    const r = npx('package');
    assert.equal(r.status, 0, r.output);
    assert.ok(existsSync(join(scripts, 'out/cronpack/deb/acme-nightly_1.0.0_all.deb')), r.output);
  });

  await t.test('the library and the switchman bin', () => {
    let r = run(process.execPath, ['--input-type=module', '-e', "import { check } from 'cronpack'; const r = await check({ root: '.' }); console.log(r.jobs.length);"], { cwd: scripts, env });
    assert.equal(r.status, 0, r.output);
    assert.equal(r.stdout.trim(), '1');
    r = run('npx', ['--no-install', 'switchman', '--help'], { cwd: scripts, env });
    assert.match(r.output, /Usage:\s+switchman/);
  });
});

test('npm install from git at a commit sha builds and installs cronpack', { timeout: 10 * 60_000 }, (t) => {
  if (!requireTool(t, hasCommand('npm'), 'npm')) return;
  const work = mkdtempSync(join(tmpdir(), 'cronpack-git-install-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const env = isolatedEnv();
  const source = join(work, 'cronpack');
  const sha = snapshotRepository(source, env);

  const scripts = join(work, 'scripts');
  scriptsRepository(scripts, env);
  // git+file:// stands for git+https://<host>/<path>.git: npm clones it, installs its
  // dependencies with the dev ones, builds it, then packs and installs the result.
  mustRun('npm', ['install', '--save-dev', `git+file://${source}#${sha}`], { cwd: scripts, env });
  assert.ok(existsSync(join(scripts, 'node_modules/cronpack/dist/bundle/cronpack.mjs')), 'the git install has no dist/');
  const r = run('npx', ['--no-install', 'cronpack', 'check'], { cwd: scripts, env });
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /1 jobs?/);
});
