/**
 * The pre-commit framework as Debian 12 ships it (pre-commit 3.0.4) uses this
 * repository as a hook, from a clean clone at a commit sha: it installs the hook
 * with npm (`npm install`, `npm pack`, `npm install -g` of the tarball) and runs
 * `cronpack check -- <staged files>` on `git commit`. Under CI=true this test must
 * run (.ci/run installs pre-commit); elsewhere it skips when pre-commit is missing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { hasCommand, requireTool } from '../support/require-tool.js';
import { isolatedEnv, mustRun, run, shellScript, snapshotRepository } from './hook-repo.js';

test('pre-commit (Debian 12) runs the cronpack-check hook from a clean clone: bad scripts block the commit', { timeout: 15 * 60_000 }, async (t) => {
  if (!requireTool(t, hasCommand('pre-commit'), 'pre-commit (apt-get install pre-commit)')) return;
  if (!requireTool(t, hasCommand('npm'), 'npm')) return;

  const work = mkdtempSync(join(tmpdir(), 'cronpack-pre-commit-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  // PRE_COMMIT_HOME: pre-commit's clones and hook environments stay in the temp folder, not ~/.cache.
  const env = isolatedEnv({ PRE_COMMIT_HOME: join(work, 'pre-commit-home') });

  // The hook repository: this working tree, committed in a fresh repository (no dist/, no node_modules).
  const hookRepo = join(work, 'cronpack');
  const rev = snapshotRepository(hookRepo, env);

  // A scripts repository that uses it, by path and commit sha, as the README says.
  const scripts = join(work, 'scripts');
  mkdirSync(scripts);
  const git = (...args: string[]) => run('git', args, { cwd: scripts, env });
  mustRun('git', ['init', '-q', '-b', 'main'], { cwd: scripts, env });
  writeFileSync(
    join(scripts, '.pre-commit-config.yaml'),
    ['repos:', `  - repo: ${hookRepo}`, `    rev: ${rev}`, '    hooks:', '      - id: cronpack-check', ''].join('\n'),
  );
  mustRun('pre-commit', ['install'], { cwd: scripts, env });

  // The first commit installs the hook's environment (npm install + npm pack + npm install -g).
  mustRun('git', ['add', '.pre-commit-config.yaml'], { cwd: scripts, env });
  const first = git('commit', '-m', 'pre-commit config');
  assert.equal(first.status, 0, `installing the hook or its first run failed:\n${first.output}`);
  assert.match(first.output, /cronpack check\.+Passed/);

  const stage = (file: string, content: string) => {
    mkdirSync(join(scripts, file, '..'), { recursive: true });
    writeFileSync(join(scripts, file), content, { mode: 0o755 });
    mustRun('git', ['add', '--', file], { cwd: scripts, env });
  };
  const unstage = (file: string) => {
    mustRun('git', ['rm', '-q', '--cached', '--', file], { cwd: scripts, env });
    unlinkSync(join(scripts, file));
  };

  await t.test('a staged script with a bad METADATA block blocks the commit, with the diagnostic', () => {
    stage('jobs/bad.sh', shellScript('nightly', '99 * * * *'));
    const commit = git('commit', '-m', 'bad script');
    assert.notEqual(commit.status, 0, `the commit went through:\n${commit.output}`);
    assert.match(commit.output, /cronpack check\.+Failed/);
    assert.match(commit.output, /jobs\/bad\.sh/);
    assert.match(commit.output, /CP2408/);
    assert.equal(git('rev-list', '--count', 'HEAD').stdout.trim(), '1', 'nothing was committed');
    unstage('jobs/bad.sh');
  });

  await t.test('a staged script with a good METADATA block commits', () => {
    stage('jobs/good.sh', shellScript('nightly', '5 3 * * *'));
    const commit = git('commit', '-m', 'good script');
    assert.equal(commit.status, 0, `the commit was refused:\n${commit.output}`);
    assert.match(commit.output, /cronpack check\.+Passed/);
    assert.equal(git('log', '-1', '--format=%s').stdout.trim(), 'good script');
  });

  await t.test('a staged file named --help is checked as a path, not read as an option', () => {
    stage('--help', shellScript('nightly', '99 * * * *'));
    const commit = git('commit', '-m', 'file named --help');
    assert.notEqual(commit.status, 0, `the commit went through:\n${commit.output}`);
    assert.match(commit.output, /cronpack check\.+Failed/);
    assert.match(commit.output, /CP2408/);
    assert.doesNotMatch(commit.output, /Usage: cronpack/);
    unstage('--help');
  });
});
