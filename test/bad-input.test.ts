/**
 * Bad input gets one line naming the path and the fix, never "internal error":
 * a usage error (exit 2) for a bad -C or option, a diagnostic at the config
 * file for a bad config, and a warning that says why for what a scan skips.
 * Diagnostics are read in the github format: one line each, with the file.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './support/golden.js';
import { runCliCaptured, type CliRun } from './support/run-cli.js';
import { withoutRootPower } from './support/without-root-power.js';

const demo = join(repoRoot, 'fixtures', 'demo');
const work = mkdtempSync(join(tmpdir(), 'cronpack-bad-input-'));
chmodSync(work, 0o755); // nobody must reach the repositories (see withoutRootPower)
after(() => execFileSync('rm', ['-rf', work])); // rmSync cannot remove paths past PATH_MAX

const script = '#!/bin/sh\n# METADATA\n# <crontab>\n#   package: scripts1\n#   time: 0 * * * *\n# </crontab>\n';

function demoCopy(name: string): string {
  const root = join(work, name);
  cpSync(demo, root, { recursive: true });
  return root;
}

/** Asserts what every run here must hold: the exit code, no stack, no "internal error"; returns the output lines. */
function expectRun(run: CliRun, code: number): string[] {
  const output = run.stdout + run.stderr;
  assert.doesNotMatch(output, /internal error|report it as a bug|\n\s+at /, output);
  assert.equal(run.code, code, output);
  return output.split('\n').filter((line) => line !== '');
}

/** The one line of a usage error, naming `path`. */
function expectUsageError(run: CliRun, path: string, fix: RegExp): void {
  const lines = expectRun(run, 2);
  assert.equal(run.stdout, '');
  assert.equal(lines.length, 1, run.stderr);
  assert.ok(lines[0]!.startsWith('cronpack: ') && lines[0]!.includes(path), lines[0]);
  assert.match(lines[0]!, fix);
}

/** The one github annotation of a diagnostic at `file`. */
function expectOneDiagnostic(run: CliRun, code: number, file: string, diagnosticCode: string, message: RegExp): void {
  const lines = expectRun(run, code);
  assert.equal(lines.length, 1, run.stdout);
  const [where, text] = lines[0]!.split('::').slice(1);
  assert.ok(where!.startsWith(`${code === 0 ? 'warning' : 'error'} file=${file},line=1,col=`) && where!.endsWith(`,title=${diagnosticCode}`), lines[0]);
  assert.match(text!, message);
}


test('an unreadable folder: a warning at it, the rest is checked; as -C, one line; an unreadable config: an error at it', async () => {
  const root = demoCopy('unreadable');
  mkdirSync(join(root, 'secret'));
  writeFileSync(join(root, 'secret', 'job.sh'), script, { mode: 0o755 });
  expectRun(await runCliCaptured(['-C', root, 'check']), 0); // as root, once: every module loaded before the privileges go
  chmodSync(join(root, 'secret'), 0o000);
  try {
    const run = await withoutRootPower(() => runCliCaptured(['-C', root, 'check', '--format', 'github']));
    expectOneDiagnostic(run, 0, 'secret', 'CP1003', /Cannot read this folder \(permission denied\), so nothing in it was checked\..*chmod a\+rx/);
    const closed = await withoutRootPower(() => runCliCaptured(['-C', join(root, 'secret'), 'check']));
    expectUsageError(closed, join(root, 'secret'), /cannot read the folder \(permission denied\); make it readable/);
    chmodSync(join(root, 'cronpack.config.json'), 0o000);
    const config = await withoutRootPower(() => runCliCaptured(['-C', root, 'check', '--format', 'github']));
    expectOneDiagnostic(config, 1, 'cronpack.config.json', 'CP0005', /Cannot read the config: permission denied\..*chmod a\+r/);
  } finally {
    chmodSync(join(root, 'secret'), 0o755);
    chmodSync(join(root, 'cronpack.config.json'), 0o644);
  }
});

test('-C on a file, or on a folder that does not exist: one line, exit 2', async () => {
  const root = demoCopy('dash-c');
  expectUsageError(await runCliCaptured(['-C', join(root, 'README.md'), 'check']), join(root, 'README.md'), /is a file, not a folder; -C takes the folder of the scripts repository$/);
  expectUsageError(await runCliCaptured(['-C', 'no-such-folder', 'list'], { cwd: root }), 'no-such-folder', /no such folder; -C takes the folder/);
  expectUsageError(await runCliCaptured(['-C', join(root, 'README.md', 'x'), 'build', '--stdout']), 'README.md/x', /no such folder/);
});

test('a config that is null, or a folder: a diagnostic at the config file, exit 1', async () => {
  const nullRoot = demoCopy('config-null');
  writeFileSync(join(nullRoot, 'cronpack.config.json'), 'null\n');
  expectOneDiagnostic(await runCliCaptured(['-C', nullRoot, 'check', '-f', 'github']), 1, 'cronpack.config.json', 'CP0002', /"the config" must be object/);
  const folderRoot = demoCopy('config-folder');
  rmSync(join(folderRoot, 'cronpack.config.json'));
  mkdirSync(join(folderRoot, 'cronpack.config.json'));
  expectOneDiagnostic(await runCliCaptured(['-C', folderRoot, 'check', '-f', 'github']), 1, 'cronpack.config.json', 'CP0005', /it is a folder, not a file\..*Rename or remove the folder/);
  const pkgRoot = join(work, 'package-json-null');
  mkdirSync(pkgRoot);
  writeFileSync(join(pkgRoot, 'package.json'), 'null\n');
  expectRun(await runCliCaptured(['-C', pkgRoot, 'check']), 0); // npm's problem, not a cronpack config
});

test('a config with a UTF-8 BOM is accepted, with the same positions', async () => {
  const root = demoCopy('config-bom');
  const config = join(root, 'cronpack.config.json');
  writeFileSync(config, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{ "prefix": "acme", "user": 5 }\n')]));
  const wrong = await runCliCaptured(['-C', root, 'check', '-f', 'github']);
  expectOneDiagnostic(wrong, 1, 'cronpack.config.json', 'CP0002', /"user" must be string/);
  assert.match(wrong.stdout, /,line=1,col=29,/, 'the column of 5, as if there were no BOM');
  writeFileSync(config, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(join(demo, 'cronpack.config.json'))]));
  const lines = expectRun(await runCliCaptured(['-C', root, 'check']), 0);
  assert.match(lines.join('\n'), /^✔ 14 jobs in 11 files checked, no problems\.$/);
});

test('a path longer than PATH_MAX: -C is one line; in a scan or named, a warning', async () => {
  const long = `${'x'.repeat(200)}/`.repeat(25);
  expectUsageError(await runCliCaptured(['-C', long, 'check']), 'xxx…xxx', /: the path is too long for the system to open; cd part of the way first$/);
  const root = demoCopy('deep');
  const name = 'd'.repeat(250);
  execFileSync('sh', ['-c', `cd "$1" && for i in $(seq 17); do mkdir ${name} && cd -P ${name} || exit 1; done && printf '${script.replace(/\n/g, '\\n')}' > deep.sh`, 'sh', root]);
  const deep = Array.from({ length: 17 }, () => name).join('/');
  expectOneDiagnostic(await runCliCaptured(['-C', root, 'check', '-f', 'github']), 0, deep, 'CP1004', /This path is too long to open \(it is \d+ bytes long, and the system opens paths of at most 4095\), so it was skipped\./);
  expectOneDiagnostic(await runCliCaptured(['-C', root, 'check', '-f', 'github', `${deep}/deep.sh`]), 0, `${deep}/deep.sh`, 'CP1004', /too long to open/);
});

test('explain -n is capped: one line naming the limit, exit 2', async () => {
  const run = await runCliCaptured(['explain', '* * * * *', '-n', '100000000']);
  const lines = expectRun(run, 2);
  assert.match(lines[0]!, /^error: option '-n, --count <n>' argument '100000000' is invalid\. expected at most 1000 next runs\.$/);
  const ok = await runCliCaptured(['explain', '* * * * *', '-n', '1000', '--tz', 'UTC', '--now', '2026-01-01T00:00:00Z', '-f', 'json']);
  assert.equal((JSON.parse(expectRun(ok, 0).join('\n')) as { next: string[] }).next.length, 1000);
});

test('a UTF-16 script: a warning that says why it was skipped, in a scan and named', async () => {
  const root = demoCopy('utf16');
  writeFileSync(join(root, 'bin', 'wide.sh'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(script, 'utf16le')]), { mode: 0o755 });
  for (const args of [[], ['bin/wide.sh']]) {
    const run = await runCliCaptured(['-C', root, 'check', '-f', 'github', ...args]);
    expectOneDiagnostic(run, 0, 'bin/wide.sh', 'CP1006', /This file has METADATA but is UTF-16 text, so it was skipped.*iconv -f UTF-16 -t UTF-8/);
  }
});

test('a file whose name is not UTF-8: a warning naming it with \\xNN, in a scan and named', async () => {
  const root = demoCopy('latin1-name');
  writeFileSync(Buffer.from(`${root}/bin/caf\xe9.sh`, 'latin1'), script, { mode: 0o755 });
  // Node sees such a name, in a folder or in argv, with U+FFFD for the bytes.
  for (const args of [[], ['bin/caf\uFFFD.sh']]) {
    const run = await runCliCaptured(['-C', root, 'check', '-f', 'github', ...args]);
    expectOneDiagnostic(run, 0, 'bin/caf\\xe9.sh', 'CP1005', /The name of this file is not valid UTF-8.*so it was skipped.*convmv/);
  }
});

test('a symlinked path that leads outside the root: refused as a full scan does, with a warning when named', async () => {
  const outside = join(work, 'outside');
  mkdirSync(join(outside, 'jobs'), { recursive: true });
  writeFileSync(join(outside, 'jobs', 'x.sh'), script, { mode: 0o755 });
  const root = demoCopy('link-out');
  symlinkSync(join(outside, 'jobs'), join(root, 'jobs'));
  symlinkSync(join(outside, 'jobs', 'x.sh'), join(root, 'x.sh'));
  const scan = expectRun(await runCliCaptured(['-C', root, 'check']), 0);
  assert.deepEqual(scan, ['✔ 14 jobs in 11 files checked, no problems.']);
  for (const path of ['jobs', 'jobs/x.sh', 'x.sh']) {
    const run = await runCliCaptured(['-C', root, 'check', '-f', 'github', path]);
    expectOneDiagnostic(run, 0, path, 'CP1007', /leads outside the repository root through a symlink \(to .*outside\/jobs.*\), so it was not checked/);
  }
});
