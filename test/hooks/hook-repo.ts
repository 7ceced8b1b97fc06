/**
 * Helpers for the tests that install cronpack the way a scripts repository does
 * (the pre-commit framework, npm from a tarball or from git): a committed copy
 * of this working tree, and an environment that does not leak the test
 * runner's npm or git settings into the tools they run.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for messages and for searching a tool's whole output. */
  output: string;
}

/** Runs a command (no shell), never throws; the result says how it went. */
export function run(command: string, args: string[], options: SpawnSyncOptions = {}): Run {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...options });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '') + (result.error ? `\n${result.error.message}` : '');
  return { status: result.status, stdout, stderr, output: `${stdout}${stderr}` };
}

/** Like run(), but fails with the command's whole output when it does not exit 0. */
export function mustRun(command: string, args: string[], options: SpawnSyncOptions = {}): Run {
  const result = run(command, args, options);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status} (in ${String(options.cwd ?? process.cwd())}):\n${result.output}`);
  }
  return result;
}

/** What `npm test` / `npm exec` export about this project and the outer npm run. */
const outerNpmVariables = new Set([
  'npm_config_local_prefix',
  'npm_config_prefix',
  'npm_config_global_prefix',
  'npm_config_user_agent',
  'npm_config_npm_version',
  'npm_command',
  'npm_execpath',
  'npm_node_execpath',
  'INIT_CWD',
]);

/**
 * The process environment without what the test runner adds: `npm test` exports
 * this project's package and lifecycle (npm_package_*, npm_lifecycle_*, the local
 * prefix) and puts its node_modules/.bin first on PATH, and a run from inside a git
 * hook sets GIT_DIR and friends. The user's own npm settings (registry, cache,
 * proxy, CA file) are kept. Git reads no global or system config (a user's
 * core.hooksPath or commit.gpgsign must not change the result) and commits under a
 * fixed name.
 */
export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (outerNpmVariables.has(key) || /^npm_(package|lifecycle)_/.test(key) || /^GIT_/.test(key) || key === 'NODE_OPTIONS') continue;
    if (/^npm_config_/i.test(key) && value === '') continue; // exported defaults, not settings
    env[key] = value;
  }
  env['PATH'] = (process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin')
    .split(delimiter)
    .filter((entry) => entry !== '' && !entry.includes('node_modules/.bin'))
    .join(delimiter);
  Object.assign(env, {
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'cronpack test',
    GIT_AUTHOR_EMAIL: 'test@cronpack.invalid',
    GIT_COMMITTER_NAME: 'cronpack test',
    GIT_COMMITTER_EMAIL: 'test@cronpack.invalid',
    NO_COLOR: '1',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'warn',
    ...extra,
  });
  return env;
}

/**
 * Copies this working tree as git sees it (tracked files plus untracked files that
 * are not ignored, so uncommitted changes are included; no node_modules, no dist)
 * into `dest`, makes it a fresh git repository with one commit, and returns that
 * commit's sha. The real repository's git state is only read.
 */
export function snapshotRepository(dest: string, env: NodeJS.ProcessEnv = isolatedEnv()): string {
  const listed = mustRun('git', ['-C', repoRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { env });
  const files = [...new Set(listed.stdout.split('\0').filter(Boolean))];
  mkdirSync(dest, { recursive: true });
  for (const file of files) {
    const from = join(repoRoot, file);
    const to = join(dest, file);
    let stat;
    try {
      stat = lstatSync(from);
    } catch {
      continue; // deleted in the working tree, not yet committed
    }
    mkdirSync(dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) {
      symlinkSync(readlinkSync(from), to);
    } else if (stat.isFile()) {
      copyFileSync(from, to);
      chmodSync(to, stat.mode & 0o7777);
    }
  }
  mustRun('git', ['init', '-q', '-b', 'main'], { cwd: dest, env });
  mustRun('git', ['add', '-A'], { cwd: dest, env });
  mustRun('git', ['commit', '-q', '--no-verify', '-m', 'snapshot of the cronpack working tree'], { cwd: dest, env });
  return mustRun('git', ['rev-parse', 'HEAD'], { cwd: dest, env }).stdout.trim();
}

/** A shell script with one METADATA block; `time` decides whether it is valid. */
export function shellScript(pkg: string, time: string): string {
  return ['#!/bin/sh', '# METADATA', '# <crontab>', `#   package: ${pkg}`, `#   time: ${time}`, '# </crontab>', 'echo hello', ''].join('\n');
}
