/**
 * Every config key and option that reaches a generated file, pushed with
 * hostile values: either the run fails with a diagnostic at that key (or
 * naming the option), or Debian's own cron parser reads exactly the intended
 * jobs from the result (same count, same users, same argv after cron's "%"
 * handling and /bin/sh), and the control files hold exactly the intended fields.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { build, packageDebs, type DebPackagePlan, type Diagnostic, type Packager } from '../src/index.js';
import { oraclePath } from './oracle/oracle.js';
import { canProveCommands, fakeSwitchman, proveCronFile } from './support/prove-cron.js';
import { requireTool } from './support/require-tool.js';
import { runCliCaptured } from './support/run-cli.js';

/** Pieces an attacker or a typo puts into a value. */
const hostile: readonly string[] = [
  '\n* * * * * root touch /tmp/cronpack-pwned\n#',
  '\r', '\r\n', '\u0000', '\t', '\u001b[31m', '\u0085', '\u2028', '\u2029', '\u007f',
  '%', '%%', '\\%', '\\', '\\\\n', "'", '"', '`id`', ';', '$(touch /tmp/cronpack-pwned)', '${HOME}', '&&', '|', '>', '#', '*',
  ' ', 'a b', '~', '..', '/../', '//', '/./', '/', 'é', '\u{1f600}',
  'x'.repeat(300), 'y'.repeat(5000),
];

const script = (name: string, params: string, user = ''): string =>
  `#!/bin/sh\n# METADATA\n# <crontab>\n#   package: jobs\n#   time: */5 * * * *\n#   params: ${params}\n${user}# </crontab>\n# ${name}\n`;

/** A small repository: two executable scripts, one with its own user. */
function makeRepo(work: string, config: object): string {
  const root = join(work, 'repo');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'bin'), { recursive: true });
  writeFileSync(join(root, 'bin', 'a.sh'), script('a', '--mode fast'), { mode: 0o755 });
  writeFileSync(join(root, 'bin', 'b.sh'), script('b', "--label 'two words'", '#   user: daemon\n'), { mode: 0o755 });
  writeFileSync(join(root, 'cronpack.config.json'), JSON.stringify(config, null, 2));
  return root;
}

function assertDiagnosedAt(diagnostics: readonly Diagnostic[], where: string, what: string): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.ok(errors.length > 0, what);
  for (const error of errors) {
    assert.equal(error.file, where, `${what}: ${error.code} ${error.message}`);
    assert.ok(error.line >= 1 && error.column >= 1, what);
  }
}

interface Case {
  key: string;
  config: (work: string, value: string) => Record<string, unknown>;
}

const baseConfig = (work: string): Record<string, unknown> => ({
  prefix: 'acme',
  installDir: join(work, 'install'),
  manifestDir: join(work, 'jobs'),
  users: ['root', 'daemon'],
  switchman: { bin: join(work, 'sw', 'switchman'), config: '/etc/switchman.conf' },
});

const cronCases: Case[] = [
  { key: 'installDir', config: (w, v) => ({ ...baseConfig(w), installDir: join(w, 'install') + v }) },
  { key: 'installDir (bare)', config: (w, v) => ({ ...baseConfig(w), installDir: v }) },
  { key: 'switchman.bin', config: (w, v) => ({ ...baseConfig(w), switchman: { bin: join(w, 'sw', 'switchman') + v } }) },
  { key: 'switchman.config', config: (w, v) => ({ ...baseConfig(w), switchman: { bin: join(w, 'sw', 'switchman'), config: `/etc/switchman${v}` } }) },
  { key: 'user', config: (w, v) => ({ ...baseConfig(w), user: `ops${v}`, users: ['root', 'daemon', `ops${v}`] }) },
  { key: 'user (bare)', config: (w, v) => ({ ...baseConfig(w), user: v }) },
  { key: 'users', config: (w, v) => ({ ...baseConfig(w), users: ['root', 'daemon', v] }) },
  { key: 'mailto', config: (w, v) => ({ ...baseConfig(w), mailto: `ops${v}` }) },
  { key: 'env', config: (w, v) => ({ ...baseConfig(w), env: { PATH: `/usr/bin${v}` } }) },
  { key: 'manifestDir', config: (w, v) => ({ ...baseConfig(w), manifestDir: join(w, 'jobs') + v }) },
  { key: 'prefix', config: (w, v) => ({ ...baseConfig(w), prefix: `acme${v}` }) },
];

test("hostile config values: a diagnostic at the key, or exactly the intended jobs as Debian's cron reads them", async (t) => {
  if (!requireTool(t, oraclePath() !== undefined, "Debian's cron parser (test/oracle/build.sh)")) return;
  if (!requireTool(t, canProveCommands(), 'root and unshare (a private mount namespace for the runuser stand-in)')) return;
  const work = mkdtempSync(join(tmpdir(), 'cronpack-hostile-'));
  let refused = 0;
  let proved = 0;
  try {
    const workDir = join(work, 'stand-ins');
    mkdirSync(workDir);
    for (const c of cronCases) {
      for (const value of hostile) {
        const what = `${c.key} ${JSON.stringify(value.slice(0, 40))}`;
        const config = c.config(work, value);
        const root = makeRepo(work, config);
        const result = await build({ root });
        if (result.diagnostics.some((d) => d.severity === 'error')) {
          assertDiagnosedAt(result.diagnostics, 'cronpack.config.json', what);
          assert.deepEqual(result.files, [], `${what}: nothing handed out`);
          refused++;
          continue;
        }
        const switchman = { config: '/etc/switchman.conf', ...(config['switchman'] as { bin: string; config?: string }) };
        fakeSwitchman(switchman.bin);
        const env = { ...(config['mailto'] !== undefined ? { MAILTO: config['mailto'] as string } : {}), ...((config['env'] as Record<string, string> | undefined) ?? {}) };
        let jobs = 0;
        for (const file of result.files) {
          assert.match(basename(file.path), /^[a-zA-Z0-9_-]+$/, `${what}: cron reads the file name`);
          jobs += await proveCronFile(file, { switchman, manifestDir: config['manifestDir'] as string, env, workDir }, what);
        }
        assert.equal(jobs, 2, `${what}: exactly the two jobs of the METADATA`);
        proved++;
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  t.diagnostic(`${refused} hostile values refused with a diagnostic at their key, ${proved} read by Debian's cron exactly as meant`);
  assert.ok(refused > 100 && proved > 50, `both outcomes exercised (${refused} refused, ${proved} proved)`);
});

/** Parses a deb822 paragraph strictly: every line is "Name: value" or a continuation starting with a blank. */
function controlFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | undefined;
  assert.ok(text.endsWith('\n') && !text.slice(0, -1).includes('\n\n'), 'one paragraph');
  for (const line of text.slice(0, -1).split('\n')) {
    if (/^[ \t]/.test(line)) {
      assert.ok(last !== undefined, 'continuation after a field');
      fields.set(last, `${fields.get(last)!}\n${line}`);
      continue;
    }
    const match = /^([!-9;-~][!-9;-~]*):[ ]?(.*)$/.exec(line);
    assert.ok(match, `a field line: ${JSON.stringify(line)}`);
    assert.ok(!fields.has(match[1]!), `field ${match[1]} once`);
    fields.set(match[1]!, match[2]!);
    last = match[1]!;
  }
  return fields;
}

/** Captures the plans instead of running dpkg-deb. */
function capturingPackager(plans: DebPackagePlan[]): Packager {
  return {
    fileName: (plan) => `${plan.name}.deb`,
    build: async (plan, outDir) => {
      plans.push(plan);
      const path = join(outDir, `${plan.name}.deb`);
      writeFileSync(path, '');
      return path;
    },
  };
}

const packageKeys: Array<{ key: string; base: string; field?: string }> = [
  { key: 'maintainer', base: 'Ops Team <ops@example.com>', field: 'Maintainer' },
  { key: 'description', base: 'Jobs of the acme project.' },
  { key: 'section', base: 'admin', field: 'Section' },
  { key: 'priority', base: 'optional', field: 'Priority' },
  { key: 'homepage', base: 'https://git.example.com/acme', field: 'Homepage' },
  { key: 'copyright', base: 'Acme Ltd' },
  { key: 'license', base: 'MIT' },
  { key: 'version', base: '1.0.0', field: 'Version' },
];

test('hostile package values, --version and --source: a diagnostic, or control files and changelog with exactly the intended fields', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'cronpack-hostile-deb-'));
  let refused = 0;
  let proved = 0;
  try {
    const fieldsOf = async (pkg: Record<string, string>, options: { version?: string; source?: string } = {}) => {
      const root = makeRepo(work, { ...baseConfig(work), package: pkg });
      const plans: DebPackagePlan[] = [];
      const result = await packageDebs({ root, outDir: join(work, 'out'), sourceDateEpoch: 1700000000, packager: capturingPackager(plans), env: {}, ...options });
      const changelogs = plans.map((plan) => gunzipSync(plan.files.find((f) => /^usr\/share\/doc\/[^/]+\/changelog/.test(f.path))!.content).toString('utf8'));
      return { result, changelogs, controls: plans.map((plan) => controlFields(plan.controlFiles.find((f) => f.path === 'DEBIAN/control')!.content.toString('utf8'))) };
    };
    /** A Debian changelog entry's shape: header, blank, "  * " items, blank, trailer; nothing more. */
    const entryShape = (changelog: string): string => changelog.split('\n').map((line) => (line.startsWith('  * ') ? 'item' : line.startsWith(' -- ') ? 'trailer' : line === '' ? '' : /^\S+ \(/.test(line) ? 'header' : line.startsWith('    ') ? 'more' : `?${line}`)).join('|');
    const benign = Object.fromEntries(packageKeys.map((k) => [k.key, k.base]));
    const baseline = await fieldsOf(benign);
    assert.equal(baseline.result.diagnostics.filter((d) => d.severity === 'error').length, 0);
    const names = baseline.controls.map((fields) => [...fields.keys()].join(','));
    const shapes = baseline.changelogs.map(entryShape);
    const options = [{ key: '--version', base: '1.0.0', field: 'Version' }, { key: '--source', base: 'git 1a2b3c' }];
    for (const { key, base, field } of [...packageKeys, ...options]) {
      for (const value of hostile) {
        const what = `package.${key} ${JSON.stringify(value.slice(0, 40))}`;
        const given = base + value;
        const run =
          key === '--version' ? await fieldsOf(benign, { version: given }) : key === '--source' ? await fieldsOf(benign, { source: given }) : await fieldsOf({ ...benign, [key]: given });
        if (run.result.diagnostics.some((d) => d.severity === 'error')) {
          assert.equal(run.result.debs.length, 0, what);
          for (const d of run.result.diagnostics.filter((e) => e.severity === 'error')) {
            // A command-line value gets a diagnostic about no file, naming its option; a config value, the config's place.
            assert.deepEqual([d.file, d.option], key.startsWith('--') ? [undefined, key] : ['cronpack.config.json', undefined], `${what}: ${d.message}`);
          }
          refused++;
          continue;
        }
        assert.deepEqual(run.controls.map((fields) => [...fields.keys()].join(',')), names, `${what}: the same fields`);
        if (field) for (const fields of run.controls) assert.equal(fields.get(field), given, `${what}: ${field} as given`);
        assert.deepEqual(run.changelogs.map(entryShape), shapes, `${what}: the changelog entry keeps its shape`);
        proved++;
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  t.diagnostic(`${refused} hostile package values refused, ${proved} gave exactly the intended control fields`);
  assert.ok(refused > 100 && proved > 10, `both outcomes exercised (${refused} refused, ${proved} proved)`);
});

test('cronpack build and package: a hostile config or --source exits 1 with a positioned diagnostic, and writes nothing', async () => {
  const work = mkdtempSync(join(tmpdir(), 'cronpack-hostile-cli-'));
  try {
    const root = makeRepo(work, { ...baseConfig(work), installDir: '/usr/share/x\n* * * * * root touch /tmp/x\n#' });
    const out = join(work, 'out');
    const config = await runCliCaptured(['-C', root, 'build', '--out', out]);
    assert.equal(config.code, 1, config.stderr);
    assert.match(config.stderr, /cronpack\.config\.json\n\s+3:17\s+error\s+Config: "installDir" contains a line feed \(U\+000A\) at character 13\.\s+CP0003/);
    assert.throws(() => execFileSync('ls', [out], { stdio: 'pipe' }), 'nothing written');

    const good = makeRepo(work, baseConfig(work));
    const source = await runCliCaptured(['-C', good, 'package', '--out', out, '--source', 'git 1\n* * * * * root id']);
    assert.equal(source.code, 1, source.stderr);
    assert.match(source.stderr, /--source contains a line feed \(U\+000A\) at character 6/);
    assert.throws(() => execFileSync('ls', [out], { stdio: 'pipe' }), 'nothing written');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
