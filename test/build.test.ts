import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, loadConfig } from '../src/index.js';
import { oraclePath, runOracle, type OracleLineResult } from './oracle/oracle.js';
import { assertGolden, repoRoot } from './support/golden.js';
import { requireTool } from './support/require-tool.js';
import { runCliCaptured } from './support/run-cli.js';
import { prng } from './support/prng.js';

const fixture = (name: string): string => join(repoRoot, 'fixtures', name);
const buildable = ['demo', 'params-edge'];

async function buildFixture(name: string, overrides: Partial<{ bin: string; installDir: string }> = {}) {
  const root = fixture(name);
  const loaded = await loadConfig(root);
  if (overrides.bin) loaded.config.switchman.bin = overrides.bin;
  if (overrides.installDir) loaded.config.installDir = overrides.installDir;
  return build({ root, config: loaded, version: '0.0.0-test', source: 'golden' });
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

test('cronpack build writes DIR/cron.d atomically; a failing build leaves the old output untouched', async () => {
  const work = mkdtempSync(join(tmpdir(), 'cronpack-build-'));
  try {
    const repo = join(work, 'repo');
    cpSync(fixture('demo'), repo, { recursive: true });
    const out = join(work, 'out');
    const ok = await runCliCaptured(['-C', repo, 'build', '--out', out, '--source', 'x']);
    assert.equal(ok.code, 0, ok.stderr);
    const before = readdirSync(join(out, 'cron.d')).map((f) => [f, readFileSync(join(out, 'cron.d', f), 'utf8')]);
    assert.deepEqual(before.map(([f]) => f), ['acme-scripts1', 'acme-scripts2', 'acme-scripts3']);

    writeFileSync(join(repo, 'bin', 'broken.sh'), '#!/bin/sh\n# METADATA\n# <crontab>\n#   package: scripts1\n#   time: 61 * * * *\n# </crontab>\n');
    const failed = await runCliCaptured(['-C', repo, 'build', '--out', out, '--source', 'x']);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /CP2408/);
    assert.match(failed.stderr, /nothing written/);
    const after = readdirSync(join(out, 'cron.d')).map((f) => [f, readFileSync(join(out, 'cron.d', f), 'utf8')]);
    assert.deepEqual(after, before);
    assert.deepEqual(readdirSync(out), ['cron.d'], 'no temporary folders left behind');

    const dryRun = await runCliCaptured(['-C', fixture('demo'), 'build', '--out', out, '--dry-run', '--source', 'y']);
    assert.equal(dryRun.code, 0);
    assert.match(dryRun.stderr, /would update .*acme-scripts1/);
    assert.deepEqual(readdirSync(join(out, 'cron.d')).map((f) => [f, readFileSync(join(out, 'cron.d', f), 'utf8')]), before, '--dry-run writes nothing');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

/** A stand-in for switchman that prints the argv it gets, NUL-separated, so the test sees exactly what sh passed. */
function fakeSwitchman(dir: string): string {
  const path = join(dir, 'fake-switchman');
  writeFileSync(path, '#!/bin/sh\nprintf "%s\\0" "$@"\n');
  chmodSync(path, 0o755);
  return path;
}

/** Every line of every cron.d file through Debian's own parser; then each job's command through /bin/sh. */
async function proveCronReadsAsMeant(name: string, t: import('node:test').TestContext): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'cronpack-cron-'));
  try {
    // An install folder with a blank in its name, so quoting of the script path is proved too.
    const result = await buildFixture(name, { bin: fakeSwitchman(work), installDir: join(work, 'install dir') });
    const scriptsSeen = new Set<string>();
    let jobsProved = 0;
    for (const file of result.files) {
      const lines = file.content.slice(0, -1).split('\n');
      const parsed: OracleLineResult[] = await runOracle('line', lines, { anyUser: true });
      parsed.forEach((r, i) => assert.ok(r.ok, `${file.path}:${i + 1}: Debian's cron rejects ${JSON.stringify(lines[i])}: ${'error' in r ? r.error : ''}`));
      const entries = parsed.filter((r): r is Extract<OracleLineResult, { kind: 'entry' }> => r.ok && r.kind === 'entry');
      assert.equal(entries.length, file.plan.jobs.length, 'one cron entry per job');
      entries.forEach((entry, i) => {
        const planned = file.plan.jobs[i]!;
        assert.equal(entry.stdin, '', 'no % leaks into stdin');
        assert.equal(entry.user, planned.user);
        // What cron hands to /bin/sh -c, run for real: the guard passes for an executable script.
        mkdirSync(dirname(planned.scriptPath), { recursive: true });
        writeFileSync(planned.scriptPath, '#!/bin/sh\n');
        chmodSync(planned.scriptPath, 0o755);
        scriptsSeen.add(planned.scriptPath);
        const argv = execFileSync('/bin/sh', ['-c', entry.cmdRun], { encoding: 'utf8' }).split('\0').slice(0, -1);
        assert.deepEqual(argv, ['--config', '/etc/switchman.conf', '--group', file.plan.group, '--lockname', planned.lockName, '--', planned.scriptPath, ...planned.job.params]);
        jobsProved++;
      });
      // Environment lines: cron reads back exactly the configured values.
      const loaded = await loadConfig(fixture(name));
      const env = Object.fromEntries(parsed.flatMap((r) => (r.ok && r.kind === 'env' ? [[r.name, r.value]] : [])));
      assert.deepEqual(env, { ...(loaded.config.mailto !== undefined ? { MAILTO: loaded.config.mailto } : {}), ...loaded.config.env });
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
    assert.ok((await proveCronReadsAsMeant(name, t)) > 0);
  });
}

test('params-edge really exercises %, quotes, $, backslashes and spaces', () => {
  const text = readFileSync(join(fixture('params-edge'), 'bin/quoting.sh'), 'utf8');
  for (const needle of ['%', "'", '"', '$HOME', '\\', 'two words']) assert.ok(text.includes(needle), needle);
});

test('no params value can inject a command or break the cron line: random values through check, render, Debian\'s parser and sh', async (t) => {
  if (!requireTool(t, oraclePath() !== undefined, "Debian's cron parser (test/oracle/build.sh)")) return;
  const { checkScript, planCronFiles, renderCronFile, withDefaults } = await import('../src/index.js');
  const work = mkdtempSync(join(tmpdir(), 'cronpack-inject-'));
  try {
    const config = withDefaults({ installDir: join(work, 'in stall'), switchman: { bin: fakeSwitchman(work) } }, { root: work });
    const alphabet = ['a', ' ', "'", '"', '\\', '$', '`', ';', '|', '&', '>', '(', ')', '#', '%', '*', '~', '{', '!', 'é', '=', '-', '\t', '%%', '\\%'];
    const random = prng(99);
    let accepted = 0;
    for (let n = 0; n < 1500 && accepted < 300; n++) {
      const params = Array.from({ length: 1 + Math.floor(random() * 10) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const text = `#!/bin/sh\n# METADATA\n# <crontab>\n#   package: p\n#   time: * * * * *\n#   params: ${params}\n# </crontab>\n`;
      const { jobs, diagnostics } = checkScript({ path: 'job.sh', text });
      if (diagnostics.some((d) => d.severity === 'error')) continue;
      accepted++;
      const [file] = planCronFiles(jobs, config).files;
      const rendered = renderCronFile(file!, { version: 't', switchman: config.switchman, envLines: [] });
      const line = rendered.text.split('\n').find((l) => l.startsWith('* * * * *'))!;
      const [entry] = await runOracle('line', [line], { anyUser: true });
      assert.ok(entry?.ok && entry.kind === 'entry', `cron rejects the line for params ${JSON.stringify(params)}`);
      assert.equal(entry.stdin, '');
      const planned = file!.jobs[0]!;
      mkdirSync(dirname(planned.scriptPath), { recursive: true });
      writeFileSync(planned.scriptPath, '#!/bin/sh\n', { mode: 0o755 });
      const argv = execFileSync('/bin/sh', ['-c', entry.cmdRun], { encoding: 'utf8' }).split('\0').slice(0, -1);
      assert.deepEqual(argv.slice(7), [planned.scriptPath, ...planned.job.params], `params ${JSON.stringify(params)}`);
    }
    assert.ok(accepted >= 100, `only ${accepted} random params were accepted`);
    t.diagnostic(`${accepted} random accepted params values reached the script word for word`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
