import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, loadConfig } from '../src/index.js';
import { oraclePath, runOracle, type OracleLineResult } from './oracle/oracle.js';
import { assertGolden, repoRoot } from './support/golden.js';
import { requireTool } from './support/require-tool.js';
import { runCliCaptured } from './support/run-cli.js';
import { prng } from './support/prng.js';
import { canProveCommands, fakeSwitchman, proveCronFile } from './support/prove-cron.js';

const fixture = (name: string): string => join(repoRoot, 'fixtures', name);
const buildable = ['demo', 'params-edge'];

async function buildFixture(name: string, overrides: Partial<{ bin: string; installDir: string }> = {}) {
  const root = fixture(name);
  const loaded = await loadConfig(root);
  if (overrides.bin) loaded.config.switchman.bin = overrides.bin;
  if (overrides.installDir) loaded.config.installDir = overrides.installDir;
  return build({ root, config: loaded });
}

for (const name of buildable) {
  test(`build ${name}: cron.d files match their golden copies`, async () => {
    const result = await buildFixture(name);
    assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
    for (const file of result.files) {
      assert.ok(file.content.endsWith('\n') && !file.content.includes('\r'), 'LF only, final newline');
      assertGolden(`build/${name}/${file.path}`, file.content);
    }
  });
}

test('build output is byte-identical across runs', async () => {
  const first = await buildFixture('demo');
  const second = await buildFixture('demo');
  assert.deepEqual(second.files.map((f) => [f.path, f.content]), first.files.map((f) => [f.path, f.content]));
});

/** The files of a folder (through a symlink), with their content. */
const filesOf = (dir: string): string[][] => readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]);

/** Every path below dir, symlinks not followed: what "nothing touched" means. */
/** What build leaves in its output folder: cron.d and jobs, each a symlink, and the version each points at. */
function outputsOf(out: string): string[] {
  return ['cron.d', 'jobs'].flatMap((name) => [name, readlinkSync(join(out, name))]).sort();
}

function treeOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    out[path] = entry.isSymbolicLink() ? `-> ${readlinkSync(path)}` : entry.isFile() ? readFileSync(path, 'utf8') : '(folder)';
  }
  return out;
}

test('cronpack build writes DIR/cron.d atomically; a failing build leaves the old output untouched', async () => {
  const work = mkdtempSync(join(tmpdir(), 'cronpack-build-'));
  try {
    const repo = join(work, 'repo');
    cpSync(fixture('demo'), repo, { recursive: true });
    const out = join(work, 'out');
    const ok = await runCliCaptured(['-C', repo, 'build', '--out', out]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /^created {2}.*\/cron\.d\/acme-scripts1$/m);
    const before = filesOf(join(out, 'cron.d'));
    assert.deepEqual(before.map(([f]) => f), ['.cronpack-output.json', 'acme-scripts1', 'acme-scripts2', 'acme-scripts3']);
    assert.deepEqual(JSON.parse(before[0]![1]!).entries, ['acme-scripts1', 'acme-scripts2', 'acme-scripts3'], 'the marker lists what cronpack wrote');
    assert.ok(lstatSync(join(out, 'cron.d')).isSymbolicLink(), 'a symlink to the version, swapped in one rename');
    assert.deepEqual(readdirSync(out).sort(), outputsOf(out), 'nothing else beside it');

    writeFileSync(join(repo, 'bin', 'broken.sh'), '#!/bin/sh\n# METADATA\n# <crontab>\n#   package: scripts1\n#   time: 61 * * * *\n# </crontab>\n', { mode: 0o755 });
    const failed = await runCliCaptured(['-C', repo, 'build', '--out', out]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /CP2408/);
    assert.match(failed.stderr, /nothing written/);
    assert.doesNotMatch(failed.stderr, /^(created|updated|removed)/m);
    assert.deepEqual(filesOf(join(out, 'cron.d')), before);
    assert.deepEqual(readdirSync(out).sort(), outputsOf(out), 'no temporary folders left behind');

    // Another MAILTO, so that every file changes.
    const changed = join(work, 'changed');
    cpSync(fixture('demo'), changed, { recursive: true });
    const configPath = join(changed, 'cronpack.config.json');
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('cron-reports@', 'other-reports@'));
    const dryRun = await runCliCaptured(['-C', changed, 'build', '--out', out, '--dry-run']);
    assert.equal(dryRun.code, 0);
    assert.match(dryRun.stderr, /would update .*acme-scripts1/);
    assert.doesNotMatch(dryRun.stderr, /cronpack-output/, 'the marker is not a change');
    assert.deepEqual(filesOf(join(out, 'cron.d')), before, '--dry-run writes nothing');

    const quiet = await runCliCaptured(['-C', changed, 'build', '--out', out, '-q']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /^(created|updated|unchanged|removed)/m, '-q: no line per file');
    assert.notDeepEqual(filesOf(join(out, 'cron.d')), before);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('build refuses, exit 2, nothing touched: a cron.d of other files (--out /etc), a file in the way; a write that fails prints no "created" line', async () => {
  const work = mkdtempSync(join(tmpdir(), 'cronpack-refuse-'));
  try {
    const etc = join(work, 'etc');
    mkdirSync(join(etc, 'cron.d'), { recursive: true });
    writeFileSync(join(etc, 'cron.d', 'e2scrub_all'), '30 3 * * 0 root test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron\n');
    writeFileSync(join(etc, 'cron.d', '.placeholder'), '# DO NOT EDIT OR REMOVE\n');
    writeFileSync(join(etc, 'cron.d', 'acme-old'), '# /etc/cron.d/acme-old\n# Generated by cronpack 0.1.0. Do not edit:\n');
    writeFileSync(join(work, 'file'), 'mine');
    const before = treeOf(work);
    const cases: Array<[string[], RegExp]> = [
      [['--out', etc], /^cronpack: refusing to replace .*\/etc\/cron\.d: it holds files cronpack did not write \(\.placeholder, e2scrub_all\); [^\n]*\n$/],
      [['--out', etc, '--dry-run'], /refusing to replace .*\/etc\/cron\.d/],
      [['--out', join(work, 'file')], /^cronpack: cannot write .*\/file\/cron\.d: .*\/file is in the way, a file where a folder must be; [^\n]*\n$/],
    ];
    for (const [args, pattern] of cases) {
      const run = await runCliCaptured(['-C', fixture('demo'), 'build', ...args]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, pattern);
      assert.equal(run.stdout, '');
      assert.deepEqual(treeOf(work), before, `${args.join(' ')}: nothing touched`);
    }
    if (existsSync('/etc/cron.d') && readdirSync('/etc/cron.d').some((name) => !name.startsWith('acme-'))) {
      const real = await runCliCaptured(['-C', fixture('demo'), 'build', '--out', '/etc', '--dry-run']);
      assert.equal(real.code, 2);
      assert.match(real.stderr, /^cronpack: refusing to replace \/etc\/cron\.d: it holds files cronpack did not write/);
    }
    // /proc takes no new folder: the write fails after check and build succeeded.
    const failing = await runCliCaptured(['-C', fixture('demo'), 'build', '--out', '/proc/cronpack-test']);
    assert.equal(failing.code, 2);
    assert.match(failing.stderr, /^cronpack: cannot write \/proc\/cronpack-test\/(cron\.d|jobs): /m);
    assert.doesNotMatch(failing.stderr, /^(created|updated|removed|unchanged)|✔/m, 'no line claims a file that was not written');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('build replaces a cron.d folder written by a cronpack from before the marker', async () => {
  const work = mkdtempSync(join(tmpdir(), 'cronpack-migrate-'));
  try {
    const old = join(work, 'out', 'cron.d');
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, 'acme-scripts1'), '# /etc/cron.d/acme-scripts1\n# Generated by cronpack 0.1.0 from git fa8e8a0ecf12. Do not edit:\n');
    writeFileSync(join(old, 'acme-gone'), '# /etc/cron.d/acme-gone\n# Generated by cronpack 0.1.0 from git fa8e8a0ecf12. Do not edit:\n');
    const run = await runCliCaptured(['-C', fixture('demo'), 'build', '--out', join(work, 'out')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^updated {2}.*acme-scripts1$/m);
    assert.match(run.stderr, /^removed {2}.*acme-gone$/m);
    assert.ok(lstatSync(old).isSymbolicLink());
    assert.deepEqual(readdirSync(old).sort(), ['.cronpack-output.json', 'acme-scripts1', 'acme-scripts2', 'acme-scripts3']);
    assert.deepEqual(readdirSync(join(work, 'out')).sort(), outputsOf(join(work, 'out')), 'the old folder is gone');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

/** Every line of every cron.d file through Debian's own parser; then each job's command through /bin/sh. */
async function proveCronReadsAsMeant(name: string, t: import('node:test').TestContext): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'cronpack-cron-'));
  try {
    // An install folder with a blank in its name, so quoting of the script path is proved too.
    const bin = fakeSwitchman(join(work, 'sw', 'switchman'));
    const loaded = await loadConfig(fixture(name));
    loaded.config.switchman.bin = bin;
    loaded.config.installDir = join(work, 'install dir');
    loaded.config.manifestDir = join(work, 'jobs dir');
    const result = await build({ root: fixture(name), config: loaded });
    const env = { ...(loaded.config.mailto !== undefined ? { MAILTO: loaded.config.mailto } : {}), ...loaded.config.env };
    let jobsProved = 0;
    for (const file of result.files) {
      jobsProved += await proveCronFile(file, { switchman: loaded.config.switchman, manifestDir: loaded.config.manifestDir, env, workDir: work });
    }
    t.diagnostic(`${name}: ${jobsProved} jobs read by Debian's parser and run through /bin/sh as meant`);
    return jobsProved;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

for (const name of buildable) {
  test(`Debian's cron parser reads every line of ${name}'s cron.d files, and each command reaches the script word for word`, async (t) => {
    if (!requireTool(t, oraclePath() !== undefined, "Debian's cron parser (test/oracle/build.sh)")) return;
    if (!requireTool(t, canProveCommands(), 'root and unshare (a private mount namespace for the runuser stand-in)')) return;
    assert.ok((await proveCronReadsAsMeant(name, t)) > 0);
  });
}

test('params-edge really exercises %, quotes, $, backslashes and spaces', () => {
  const text = readFileSync(join(fixture('params-edge'), 'bin/quoting.sh'), 'utf8');
  for (const needle of ['%', "'", '"', '$HOME', '\\', 'two words']) assert.ok(text.includes(needle), needle);
});

test('no params value can inject a command or break the cron line: random values through check, render, Debian\'s parser and sh', async (t) => {
  if (!requireTool(t, oraclePath() !== undefined, "Debian's cron parser (test/oracle/build.sh)")) return;
  if (!requireTool(t, canProveCommands(), 'root and unshare (a private mount namespace for the runuser stand-in)')) return;
  const { checkScript, planCronFiles, renderCronFile, renderJobsManifest, withDefaults } = await import('../src/index.js');
  const work = mkdtempSync(join(tmpdir(), 'cronpack-inject-'));
  try {
    const bin = fakeSwitchman(join(work, 'sw', 'switchman'));
    const config = withDefaults({ installDir: join(work, 'in stall'), manifestDir: join(work, 'jobs'), switchman: { bin } }, { root: work });
    const alphabet = ['a', ' ', "'", '"', '\\', '$', '`', ';', '|', '&', '>', '(', ')', '#', '%', '*', '~', '{', '!', 'é', '=', '-', '\t', '%%', '\\%'];
    const random = prng(99);
    let accepted = 0;
    for (let n = 0; n < 1500 && accepted < 300; n++) {
      const params = Array.from({ length: 1 + Math.floor(random() * 10) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const text = `#!/bin/sh\n# METADATA\n# <crontab>\n#   package: p\n#   time: * * * * *\n#   params: ${params}\n# </crontab>\n`;
      const { jobs, diagnostics } = checkScript({ path: 'job.sh', text });
      if (diagnostics.some((d) => d.severity === 'error')) continue;
      accepted++;
      const [plan] = planCronFiles(jobs, config).files;
      const rendered = renderCronFile(plan!, { switchman: config.switchman, manifestDir: config.manifestDir, envLines: [], template: readFileSync(join(repoRoot, 'templates', 'cron.d.hbs'), 'utf8') });
      const file = { path: `cron.d/${plan!.name}`, content: rendered.text, manifest: renderJobsManifest(plan!), plan: plan! };
      await proveCronFile(file, { switchman: config.switchman, manifestDir: config.manifestDir, env: {}, workDir: work }, `params ${JSON.stringify(params)}`);
    }
    assert.ok(accepted >= 100, `only ${accepted} random params were accepted`);
    t.diagnostic(`${accepted} random accepted params values reached the script word for word`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
