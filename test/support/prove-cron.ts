/**
 * Proves built cron.d files the way a box would read them: every line through
 * Debian's own parser (test/oracle), then each job's command, after cron's "%"
 * handling, through /bin/sh with stand-ins for switchman and runuser that
 * print the argv they get. Nothing is installed on this machine: runuser's
 * stand-in is bind-mounted in a private mount namespace of one sh.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BuiltFile } from '../../src/index.js';
import { manifestPathFor, runuserPath } from '../../src/render/index.js';
import { runOracle, type OracleLineResult } from '../oracle/oracle.js';
import { hasCommand } from './require-tool.js';

/** Whether this machine can run the proof: the stand-in for runuser needs a private mount namespace. */
export function canProveCommands(): boolean {
  return process.geteuid?.() === 0 && hasCommand('unshare');
}

/** A stand-in for switchman at `path` that prints $0 and its argv, NUL-separated. */
export function fakeSwitchman(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '#!/bin/sh\nprintf "%s\\0" "$0" "$@"\n', { mode: 0o755 });
  return path;
}

/** runuser's stand-in: prints "runuser" and the user, then runs the rest as it is. */
function fakeRunuser(dir: string): string {
  const path = join(dir, 'fake-runuser');
  writeFileSync(path, '#!/bin/sh\n[ "$1" = -u ] && [ "$3" = -- ] || exit 99\nprintf "runuser\\0%s\\0" "$2"\nshift 3\nexec "$@"\n', { mode: 0o755 });
  return path;
}

/** Runs a command as cron hands it to `/bin/sh -c`; returns its stdout split at NULs, and its status. */
export function runAsCron(command: string, workDir: string): { argv: string[]; status: number } {
  try {
    const out = execFileSync(
      'unshare',
      ['--mount', '--propagation', 'private', '/bin/sh', '-c', 'mount --bind "$1" "$2" && exec /bin/sh -c "$3"', 'sh', fakeRunuser(workDir), runuserPath, command],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return { argv: out.split('\0').slice(0, -1), status: 0 };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { argv: failed.stdout.split('\0').slice(0, -1), status: failed.status };
  }
}

export interface CronExpectations {
  switchman: { bin: string; config: string };
  manifestDir: string;
  /** MAILTO and env lines as configured. */
  env: Record<string, string>;
  /** A scratch folder for the stand-ins. */
  workDir: string;
}

type Entry = Extract<OracleLineResult, { kind: 'entry' }>;

/**
 * Every line of `file` as Debian's cron reads it: one entry per planned job,
 * run as root, nothing on stdin, the environment as configured; each command
 * silent while the package's manifest is missing, and with it, switchman (via
 * runuser for other users) gets exactly the planned words. Returns the jobs proved.
 */
export async function proveCronFile(file: BuiltFile, expected: CronExpectations, what = file.path): Promise<number> {
  const lines = file.content.slice(0, -1).split('\n');
  const parsed: OracleLineResult[] = await runOracle('line', lines, { anyUser: true });
  parsed.forEach((r, i) => assert.ok(r.ok, `${what}:${i + 1}: Debian's cron rejects ${JSON.stringify(lines[i])}: ${'error' in r ? r.error : ''}`));
  const entries = parsed.filter((r): r is Entry => r.ok && r.kind === 'entry');
  assert.equal(entries.length, file.plan.jobs.length, `${what}: one cron entry per job`);
  const env = Object.fromEntries(parsed.flatMap((r) => (r.ok && r.kind === 'env' ? [[r.name, r.value]] : [])));
  assert.deepEqual(env, expected.env, `${what}: cron reads back the environment`);

  const manifest = manifestPathFor(expected.manifestDir, file.plan.name);
  rmSync(manifest, { force: true });
  for (const [i, entry] of entries.entries()) {
    const planned = file.plan.jobs[i]!;
    assert.equal(entry.user, 'root', `${what}: cron lines run as root; runuser switches`);
    assert.equal(entry.stdin, '', `${what}: no % leaks into stdin`);
    mkdirSync(dirname(planned.scriptPath), { recursive: true });
    writeFileSync(planned.scriptPath, '#!/bin/sh\n', { mode: 0o755 });
    if (i === 0) {
      // The package that owns this file is not installed: the line is silent and succeeds.
      assert.deepEqual(runAsCron(entry.cmdRun, expected.workDir), { argv: [], status: 0 }, `${what}: silent without ${manifest}`);
      mkdirSync(dirname(manifest), { recursive: true });
      writeFileSync(manifest, file.manifest);
    }
    const run = runAsCron(entry.cmdRun, expected.workDir);
    const { bin, config } = expected.switchman;
    const asUser = planned.user === 'root' ? [] : ['runuser', planned.user];
    assert.deepEqual(
      run.argv,
      [...asUser, bin, '--config', config, '--group', file.plan.group, '--lockname', planned.lockName, '--', planned.scriptPath, ...planned.job.params],
      `${what}: job ${i + 1} reaches switchman word for word`,
    );
  }
  return entries.length;
}
