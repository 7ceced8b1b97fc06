import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from '../../src/pipeline/build.js';
import { loadConfig, type LoadedConfig } from '../../src/config/index.js';
import { planDebianPackages, renderSourceTree, type PlanDebianOptions } from '../../src/package/index.js';
import { collectScripts } from '../../src/packager/index.js';
import { packageMessages } from '../../src/catalogue/package-messages.js';
import { repoRoot } from '../support/golden.js';

const demo = join(repoRoot, 'fixtures', 'demo');
const epoch = 1767225600;

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A scripts repository in a temporary folder: path → content (a leading "x:" makes it executable). */
function makeRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cronpack-plan-'));
  temps.push(root);
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    const executable = text.startsWith('x:');
    writeFileSync(target, executable ? text.slice(2) : text);
    chmodSync(target, executable ? 0o755 : 0o644);
  }
  return root;
}

const job = (pkg: string, time = '0 3 * * *') => `x:#!/bin/sh\n# METADATA\n# <crontab>\n#   package: ${pkg}\n#   time: ${time}\n# </crontab>\necho ok\n`;

async function planFor(root: string, options: Partial<PlanDebianOptions> = {}, edit?: (loaded: LoadedConfig) => void) {
  const loaded = await loadConfig(root);
  edit?.(loaded);
  const built = await build({ root, config: loaded });
  const scripts = await collectScripts(root, { include: loaded.config.include, exclude: loaded.config.exclude });
  const plan = planDebianPackages(built, scripts, loaded.config, {
    sourceDateEpoch: epoch,
    cronpackVersion: '0.0.0-test',
    source: 'git test',
    ...(loaded.file ? { configFile: loaded.file } : {}),
    locate: loaded.locate,
    ...options,
  });
  return { plan, scripts, loaded };
}

const codes = (diagnostics: { code: string }[]) => diagnostics.map((d) => d.code);

test('every packaging message is CP31xx, and the catalogue shape matches catalogue/messages.ts', () => {
  for (const [id, spec] of Object.entries(packageMessages)) {
    assert.match(spec.code, /^CP31\d\d$/, id);
    assert.ok(spec.text.length > 0 && spec.title.length > 0, id);
    assert.ok(spec.severity === 'error' || spec.severity === 'warning', id);
  }
});

test('demo: one package per cron.d file plus acme-scripts, with modes, conffiles, depends and doc files', async () => {
  const { plan } = await planFor(demo);
  assert.deepEqual(plan.diagnostics, []);
  assert.deepEqual(plan.packages.map((p) => p.name), ['acme-scripts', 'acme-scripts1', 'acme-scripts2', 'acme-scripts3']);
  const [scripts, cron1] = plan.packages;
  assert.ok(scripts && cron1);

  assert.deepEqual(cron1.conffiles, ['/etc/cron.d/acme-scripts1']);
  assert.deepEqual(cron1.depends, ['cron | cron-daemon', 'switchman', 'acme-scripts (= 1.0.0)']);
  const cronFile = cron1.files.find((f) => f.path === 'etc/cron.d/acme-scripts1');
  assert.equal(cronFile?.mode, 0o644);
  assert.deepEqual(
    cron1.files.map((f) => f.path),
    ['etc/cron.d/acme-scripts1', 'usr/share/cronpack/jobs/acme-scripts1.json', 'usr/share/doc/acme-scripts1/changelog.gz', 'usr/share/doc/acme-scripts1/copyright', 'usr/share/lintian/overrides/acme-scripts1'],
  );
  const manifest = JSON.parse(cron1.files.find((f) => f.path === 'usr/share/cronpack/jobs/acme-scripts1.json')!.content.toString()) as { package: string; jobs: unknown[] };
  assert.equal(manifest.package, 'acme-scripts1');
  assert.equal(manifest.jobs.length, cronFile ? cronFile.content.toString().split('\n').filter((line) => /^[^#A-Z\n]/.test(line)).length : -1, 'one manifest entry per cron line');
  assert.match(cron1.maintainerScripts.postinst ?? '', /\n\tif \[ -f \/etc\/cron\.d\/acme-scripts1 \]; then touch \/etc\/cron\.d\/acme-scripts1; fi\n/, 'cron rereads the file whatever its mtime');
  assert.doesNotMatch(cron1.maintainerScripts.postinst ?? '', /getent/, 'root jobs only: no user check');
  const md5sums = cron1.controlFiles.find((f) => f.path === 'DEBIAN/md5sums')?.content.toString() ?? '';
  assert.doesNotMatch(md5sums, /etc\/cron\.d/, 'conffiles are not in md5sums (as dh_md5sums)');
  assert.match(md5sums, /^[0-9a-f]{32} {2}usr\/share\/doc\/acme-scripts1\/changelog\.gz$/m);
  assert.equal(cron1.controlFiles.find((f) => f.path === 'DEBIAN/conffiles')?.content.toString(), '/etc/cron.d/acme-scripts1\n');
  assert.match(cron1.lintianOverrides ?? '', /^# .+\nmissing-systemd-timer-for-cron-script \[etc\/cron\.d\/acme-scripts1\]\n$/);

  const control = cron1.controlFiles.find((f) => f.path === 'DEBIAN/control')?.content.toString() ?? '';
  assert.match(control, /^Package: acme-scripts1\nSource: acme\nVersion: 1\.0\.0\nArchitecture: all\nMaintainer: ACME Ops <ops@acme\.example>\nInstalled-Size: \d+\nDepends: cron \| cron-daemon, switchman, acme-scripts \(= 1\.0\.0\)\nSection: misc\nPriority: optional\nDescription: acme cron jobs of group scripts1\n/);
  assert.match(control, /\n {2}- bin\/expire-sessions\.pl, as root: at 15 minutes past the hour\n/, 'the long description names the jobs and schedules');

  const scriptPaths = scripts.files.filter((f) => f.path.startsWith('usr/share/acme/scripts/'));
  assert.deepEqual(
    scriptPaths.map((f) => f.path.slice('usr/share/acme/scripts/'.length)),
    ['bin/expire-sessions.pl', 'bin/rotate-partitions.pl', 'maintenance/clean-tmp.sh', 'maintenance/heartbeat.sh', 'maintenance/vacuum-db', 'reports/daily-report.py', 'reports/weekly-digest.py', 'sync/mirror-assets.mjs', 'sync/pull-feeds.js', 'sync/push-metrics.ts'],
    'every discovered file but the config (README.md is excluded by the config)',
  );
  assert.ok(scriptPaths.every((f) => f.mode === 0o755));
  assert.deepEqual(scripts.depends, ['nodejs', 'perl:any', 'python3']);
  assert.deepEqual(scripts.conffiles, []);
  assert.equal(scripts.controlFiles.some((f) => f.path === 'DEBIAN/conffiles'), false);
});

test('the same input gives the same plan, byte for byte', async () => {
  const first = (await planFor(demo)).plan;
  const second = (await planFor(demo)).plan;
  const bytes = (plan: typeof first) => plan.packages.flatMap((p) => [...p.controlFiles, ...p.files].map((f) => [p.name, f.path, f.mode, f.content.toString('base64')]));
  assert.deepEqual(bytes(second), bytes(first));
});

test('version: from --version over the config; a missing or invalid version stops packaging with a located diagnostic', async () => {
  const fromOption = (await planFor(demo, { version: '2:1.1-3' })).plan;
  assert.equal(fromOption.packages[0]?.version, '2:1.1-3');
  assert.equal(fromOption.packages[0]?.fileVersion, '1.1-3');
  assert.ok(fromOption.packages[0]?.files.some((f) => f.path === 'usr/share/doc/acme-scripts/changelog.Debian.gz'), 'non-native: changelog.Debian.gz');

  const badOption = (await planFor(demo, { version: 'v1' })).plan;
  assert.deepEqual(badOption.packages, []);
  assert.deepEqual(codes(badOption.diagnostics), ['CP3102']);
  assert.deepEqual([badOption.diagnostics[0]?.file, badOption.diagnostics[0]?.option], [undefined, '--version'], 'about the option, not a made-up file');
  assert.match(badOption.diagnostics[0]?.message ?? '', /Version "v1" is not a valid Debian version: the upstream version "v1" does not start with a digit\./);

  const badConfig = (await planFor(demo, {}, (loaded) => (loaded.config.package.version = '1.0_0'))).plan;
  assert.deepEqual(codes(badConfig.diagnostics), ['CP3102']);
  const configText = readFileSync(join(demo, 'cronpack.config.json'), 'utf8').split('\n');
  const versionLine = configText.findIndex((line) => line.includes('"version"')) + 1;
  assert.equal(badConfig.diagnostics[0]?.file, 'cronpack.config.json');
  assert.equal(badConfig.diagnostics[0]?.line, versionLine, 'points at package.version in the config');

  const missing = (await planFor(demo, {}, (loaded) => delete loaded.config.package.version)).plan;
  assert.deepEqual(codes(missing.diagnostics), ['CP3101']);
  assert.deepEqual(missing.packages, []);
});

test('config checks: maintainer, section, priority, homepage', async () => {
  const edit = (changes: Partial<LoadedConfig['config']['package']>) => (loaded: LoadedConfig) => Object.assign(loaded.config.package, changes);
  assert.deepEqual(codes((await planFor(demo, {}, edit({ maintainer: 'ops@acme.example' }))).plan.diagnostics), ['CP3105']);
  assert.deepEqual(codes((await planFor(demo, {}, edit({ maintainer: 'Ops, Team <ops@acme.example>' }))).plan.diagnostics), ['CP3105']);
  const local = (await planFor(demo, {}, edit({ maintainer: 'acme maintainers <root@localhost>' }))).plan;
  assert.deepEqual(codes(local.diagnostics), ['CP3106']);
  assert.equal(local.packages.length, 4, 'a warning does not stop packaging');
  assert.deepEqual(codes((await planFor(demo, {}, edit({ section: 'adm' }))).plan.diagnostics), ['CP3109']);
  assert.deepEqual(codes((await planFor(demo, {}, edit({ section: 'Misc Stuff' }))).plan.diagnostics), ['CP3107']);
  assert.deepEqual(codes((await planFor(demo, {}, edit({ priority: 'extra' }))).plan.diagnostics), ['CP3107']);
  assert.deepEqual(codes((await planFor(demo, {}, edit({ homepage: 'git.example.com' }))).plan.diagnostics), ['CP3107']);
  assert.deepEqual(codes((await planFor(demo, {}, edit({ section: 'contrib/admin', homepage: 'https://git.example.com/acme' }))).plan.diagnostics), []);
});

test('a METADATA package named "scripts" would clash with the scripts package', async () => {
  const root = makeRepo({ 'cronpack.config.json': JSON.stringify({ prefix: 'acme', package: { version: '1.0', maintainer: 'Ops <ops@acme.example>' } }), 'job.sh': job('scripts') });
  const { plan } = await planFor(root);
  assert.deepEqual(codes(plan.diagnostics), ['CP3104']);
  assert.equal(plan.diagnostics[0]?.file, 'job.sh');
  assert.equal(plan.diagnostics[0]?.line, 4, 'at the package: value');
  assert.match(plan.diagnostics[0]?.hint ?? '', /"scripts-jobs"/);
});

test('no jobs: a warning and no packages', async () => {
  const root = makeRepo({ 'cronpack.config.json': JSON.stringify({ prefix: 'acme', package: { version: '1.0', maintainer: 'Ops <ops@acme.example>' } }), 'lib/util.sh': '#!/bin/sh\n' });
  const { plan } = await planFor(root);
  assert.deepEqual(codes(plan.diagnostics), ['CP3108']);
  assert.deepEqual(plan.packages, []);
});

test('the scripts package: helpers without METADATA too; not cronpack\'s files, debian/, .gitignored files or the output folder', async () => {
  const root = makeRepo({
    'cronpack.config.json': JSON.stringify({ prefix: 'acme', package: { version: '1.0', maintainer: 'Ops <ops@acme.example>' } }),
    'package.json': '{"name": "acme"}',
    'package-lock.json': '{}',
    'tools/package.json': '{"type": "module"}',
    '.gitignore': 'secrets.txt\n',
    'secrets.txt': 'x',
    'jobs/run.sh': job('nightly'),
    'jobs/lib.sh': 'helper() { :; }\n',
    'debian/control': 'Source: acme\n',
    'pkgs/old_1.0_all.deb': 'x',
  });
  const scripts = await collectScripts(root, { skipDirs: [join(root, 'pkgs')] });
  assert.deepEqual(scripts.map((s) => s.path), ['jobs/lib.sh', 'jobs/run.sh', 'tools/package.json'], 'a nested package.json is a helper\'s, and kept');
  const { plan } = await planFor(root);
  const files = plan.packages[0]?.files ?? [];
  assert.equal(files.find((f) => f.path === 'usr/share/acme/scripts/jobs/lib.sh')?.mode, 0o644);
  assert.equal(files.find((f) => f.path === 'usr/share/acme/scripts/jobs/run.sh')?.mode, 0o755);
});

test('debian/ source tree: control, changelog, rules with dh, cron.d, install, copyright, source/format', async () => {
  const { plan, scripts } = await planFor(demo);
  const files = new Map(renderSourceTree(plan, scripts).map((f) => [f.path, f]));
  assert.deepEqual([...files.keys()].sort(), [
    'debian/acme-scripts.install',
    'debian/acme-scripts.lintian-overrides',
    'debian/acme-scripts1.cron.d',
    'debian/acme-scripts1.install',
    'debian/acme-scripts1.lintian-overrides',
    'debian/acme-scripts1.postinst',
    'debian/acme-scripts2.cron.d',
    'debian/acme-scripts2.install',
    'debian/acme-scripts2.lintian-overrides',
    'debian/acme-scripts2.postinst',
    'debian/acme-scripts3.cron.d',
    'debian/acme-scripts3.install',
    'debian/acme-scripts3.lintian-overrides',
    'debian/acme-scripts3.postinst',
    'debian/changelog',
    'debian/control',
    'debian/copyright',
    'debian/manifests/acme-scripts1.json',
    'debian/manifests/acme-scripts2.json',
    'debian/manifests/acme-scripts3.json',
    'debian/rules',
    'debian/source/format',
  ]);
  const text = (path: string) => String(files.get(path)?.content);
  assert.equal(text('debian/acme-scripts1.install'), 'debian/manifests/acme-scripts1.json usr/share/cronpack/jobs\n');
  assert.match(text('debian/acme-scripts3.postinst'), /\n\tfor user in postgres; do\n[^]*\n#DEBHELPER#\n\nexit 0\n$/);
  assert.match(text('debian/control'), /^Source: acme\n.*Build-Depends: debhelper-compat \(= 13\)\n/s);
  assert.match(text('debian/control'), /\nPackage: acme-scripts1\nArchitecture: all\nDepends: \$\{misc:Depends\}, cron \| cron-daemon, switchman, acme-scripts \(= \$\{binary:Version\}\)\n/);
  assert.match(text('debian/rules'), /^#!\/usr\/bin\/make -f\n/);
  assert.match(text('debian/rules'), /\n%:\n\tdh \$@\n/);
  assert.equal(files.get('debian/rules')?.mode, 0o755);
  assert.equal(text('debian/source/format'), '3.0 (native)\n');
  assert.match(text('debian/acme-scripts.install'), /^bin\/expire-sessions\.pl usr\/share\/acme\/scripts\/bin\n/);
  assert.doesNotMatch(text('debian/acme-scripts.lintian-overrides'), /incorrect-path-for-interpreter/, 'dh_perl fixes "#!/usr/bin/env perl" itself');
  assert.equal(text('debian/acme-scripts1.cron.d'), plan.packages[1]?.files[0]?.content.toString());
  assert.match(text('debian/changelog'), /^acme \(1\.0\.0\) unstable; urgency=medium\n/);
});

test('a retired group becomes an empty transitional package that removes its cron.d conffile; a retired group with jobs is an error', async () => {
  const { plan } = await planFor(demo, {}, (loaded) => {
    loaded.config.retired = ['scripts4'];
  });
  assert.deepEqual(plan.diagnostics.filter((d) => d.severity === 'error'), []);
  const tombstone = plan.packages.find((pkg) => pkg.name === 'acme-scripts4');
  assert.ok(tombstone);
  assert.equal(tombstone.kind, 'retired');
  assert.deepEqual(tombstone.depends, []);
  assert.deepEqual(tombstone.conffiles, []);
  assert.deepEqual(tombstone.files.map((f) => f.path), ['usr/share/doc/acme-scripts4/changelog.gz', 'usr/share/doc/acme-scripts4/copyright']);
  assert.match(tombstone.description.synopsis, /^transitional package retiring/);
  assert.equal(tombstone.maintscript, 'rm_conffile /etc/cron.d/acme-scripts4 1.0.0~ acme-scripts4');
  for (const script of ['preinst', 'postinst', 'postrm'] as const) {
    const file: { mode: number; content: Buffer } | undefined = tombstone.controlFiles.find((f) => f.path === `DEBIAN/${script}`);
    assert.equal(file?.mode, 0o755);
    assert.match(String(file?.content), /^#!\/bin\/sh\n[^]*\nset -e\n[^]*\ndpkg-maintscript-helper rm_conffile \/etc\/cron\.d\/acme-scripts4 1\.0\.0~ acme-scripts4 -- "\$@"\n/);
  }
  assert.match(String(tombstone.controlFiles.find((f) => f.path === 'DEBIAN/control')?.content), /\nSection: oldlibs\n/);

  const withJobs = await planFor(demo, {}, (loaded) => {
    loaded.config.retired = ['scripts2'];
  });
  assert.deepEqual(codes(withJobs.plan.diagnostics.filter((d) => d.severity === 'error')), ['CP3111']);
  assert.deepEqual(withJobs.plan.packages, []);
});
