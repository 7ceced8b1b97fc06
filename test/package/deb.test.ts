/**
 * The packages as dpkg-deb builds them and lintian judges them: real tools,
 * no fakes. Outside CI, tests whose tool is missing skip with the reason; under
 * CI=true they fail instead (.ci/run installs dpkg-dev, lintian and debhelper).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CronpackError } from '../../src/core/errors.js';
import { type DebPackagePlan, type Packager } from '../../src/package/index.js';
import { DpkgDebPackager } from '../../src/packager/index.js';
import { packageDebs, type PackageDebsResult } from '../../src/pipeline/package-debs.js';
import { runPackage } from '../../src/cli/commands/package.js';
import type { CliIo } from '../../src/cli/io.js';
import { repoRoot } from '../support/golden.js';
import { runCliCaptured } from '../support/run-cli.js';
import { hasCommand, requireTool } from '../support/require-tool.js';

const demo = join(repoRoot, 'fixtures', 'demo');
const epoch = 1767225600; // 2026-01-01T00:00:00Z
const hasDpkgDeb = hasCommand('dpkg-deb');
const hasLintian = hasCommand('lintian');
const hasDpkgBuildpackage = hasCommand('dpkg-buildpackage') && hasCommand('dh');

const work = mkdtempSync(join(tmpdir(), 'cronpack-deb-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Every file below dir, relative, with its bytes and mode: what "left untouched" means. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const info = statSync(join(dir, path));
      if (entry.isDirectory()) {
        out.set(`${path}/`, `${(info.mode & 0o7777).toString(8)} ${info.mtimeMs}`);
        walk(path);
      } else {
        out.set(path, `${(info.mode & 0o7777).toString(8)} ${info.mtimeMs} ${readFileSync(join(dir, path)).toString('base64')}`);
      }
    }
  };
  walk('');
  return out;
}

/** A copy of a scripts repository in the work folder, with extra files (a leading "x:" makes one executable). */
function repoCopy(name: string, from: string | undefined, files: Record<string, string> = {}): string {
  const root = join(work, name);
  if (from) cpSync(from, root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text.startsWith('x:') ? text.slice(2) : text);
    chmodSync(target, text.startsWith('x:') ? 0o755 : 0o644);
  }
  return root;
}

/** Scripts whose "#!" lines lintian tags as warnings when shipped as written, helpers without METADATA, a -1 revision, a retired group. */
const tricky = repoCopy('tricky', undefined, {
  'cronpack.config.json': JSON.stringify({
    prefix: 'tricky',
    // A group released before and gone now: built as an empty transitional package.
    retired: ['weekly'],
    package: { version: '0.9.1-1', maintainer: 'Tricky Ops <ops@tricky.example>', license: 'GPL-2+', homepage: 'https://git.tricky.example/scripts' },
  }),
  'LICENSE': 'GPL-2+ text is referenced, not copied.\n',
  'jobs/env-perl.pl': 'x:#!/usr/bin/env perl\n# METADATA\n# <crontab>\n#   package: nightly\n#   time: 0 2 * * *\n# </crontab>\nprint "ok";\n',
  'jobs/own-tool': 'x:#!/usr/bin/env mytool\n# METADATA\n# <crontab>\n#   package: nightly\n#   time: 30 2 * * *\n# </crontab>\n',
  'jobs/report.py': 'x:#!/usr/bin/python3\n# METADATA\n# <crontab>\n#   package: hourly\n#   time: @hourly\n# </crontab>\nprint("ok")\n',
  'jobs/old-node.js': 'x:#!/usr/bin/env nodejs\n// METADATA\n// <crontab>\n//   package: hourly\n//   time: 15 * * * *\n// </crontab>\n',
  'jobs/lib/common.sh': '#!/bin/sh\n# a helper sourced by the jobs, with a "#!" line but not executable\n',
  'jobs/lib/data.json': '{"regions": ["eu", "us"]}\n',
});

/** Scripts whose "#!" lines lintian rejects with errors: cronpack warns (CP3110) and never overrides those. */
const rough = repoCopy('rough', undefined, {
  'cronpack.config.json': JSON.stringify({ prefix: 'rough', package: { version: '1.0', maintainer: 'Rough Ops <ops@rough.example>' } }),
  'jobs/usr-bash.sh': 'x:#!/usr/bin/bash\n# METADATA\n# <crontab>\n#   package: nightly\n#   time: 0 2 * * *\n# </crontab>\necho ok\n',
  'jobs/local-tool': 'x:#!/usr/local/bin/mytool\n# METADATA\n# <crontab>\n#   package: nightly\n#   time: 30 2 * * *\n# </crontab>\n',
});

let demoBuild: Promise<PackageDebsResult> | undefined;
/** The demo, built once for the tests that only read it. */
function buildDemo(): Promise<PackageDebsResult> {
  demoBuild ??= packageDebs({ root: demo, outDir: join(work, 'demo-1'), sourceDateEpoch: epoch, source: 'git test' });
  return demoBuild;
}

function dpkgDeb(...args: string[]): string {
  return execFileSync('dpkg-deb', args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
}

test('demo: one .deb per cron package and one with the scripts, with their staging trees', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb')) return;
  const result = await buildDemo();
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(
    result.debs.map((deb) => [deb.package, deb.path.slice(join(work, 'demo-1').length + 1)]),
    [
      ['acme-scripts', 'acme-scripts_1.0.0_all.deb'],
      ['acme-scripts1', 'acme-scripts1_1.0.0_all.deb'],
      ['acme-scripts2', 'acme-scripts2_1.0.0_all.deb'],
      ['acme-scripts3', 'acme-scripts3_1.0.0_all.deb'],
    ],
  );
  for (const deb of result.debs) {
    assert.equal(deb.size, statSync(deb.path).size);
    assert.ok(existsSync(join(work, 'demo-1', 'tree', deb.package, 'DEBIAN', 'control')), `staging tree of ${deb.package}`);
  }
});

test('dpkg-deb --info: the control data, conffiles and md5sums', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb')) return;
  const { debs } = await buildDemo();
  const cron2 = debs.find((deb) => deb.package === 'acme-scripts2')!.path;
  const info = dpkgDeb('--info', cron2);
  assert.match(info, /^ {6}\d+ bytes, +1 lines +conffiles/m);
  for (const field of ['Package: acme-scripts2', 'Version: 1.0.0', 'Architecture: all', 'Maintainer: ACME Ops <ops@acme.example>', 'Section: misc', 'Priority: optional']) {
    assert.match(info, new RegExp(`^ ${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), field);
  }
  assert.equal(dpkgDeb('--field', cron2, 'Depends').trim(), 'cron | cron-daemon, switchman, acme-scripts (= 1.0.0)');
  assert.equal(dpkgDeb('--info', cron2, 'conffiles'), '/etc/cron.d/acme-scripts2\n');
  assert.match(dpkgDeb('--info', cron2, 'md5sums'), /^[0-9a-f]{32} {2}usr\/share\/doc\/acme-scripts2\/copyright$/m);
  const description = dpkgDeb('--field', cron2, 'Description');
  assert.match(description, /^acme cron jobs of group scripts2\n/);
  assert.match(description, /pull-feeds\.js \(4 shards\), as root: every 10 minutes/);
  const scripts = debs.find((deb) => deb.package === 'acme-scripts')!.path;
  assert.equal(dpkgDeb('--field', scripts, 'Depends').trim(), 'nodejs, perl:any, python3');
});

test('dpkg-deb --contents: the right files, owned by root/root, 0644 cron.d, 0755 executables', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb')) return;
  const { debs } = await buildDemo();
  const contents = (pkg: string) =>
    dpkgDeb('--contents', debs.find((deb) => deb.package === pkg)!.path)
      .trim()
      .split('\n')
      .map((line) => {
        const [mode, owner, , date, time, path] = line.split(/\s+/);
        return { mode, owner, stamp: `${date} ${time}`, path };
      });
  const cron1 = contents('acme-scripts1');
  assert.deepEqual(
    cron1.filter((e) => !e.path!.endsWith('/')).map((e) => `${e.mode} ${e.path}`),
    [
      '-rw-r--r-- ./etc/cron.d/acme-scripts1',
      '-rw-r--r-- ./usr/share/cronpack/jobs/acme-scripts1.json',
      '-rw-r--r-- ./usr/share/doc/acme-scripts1/changelog.gz',
      '-rw-r--r-- ./usr/share/doc/acme-scripts1/copyright',
      '-rw-r--r-- ./usr/share/lintian/overrides/acme-scripts1',
    ],
  );
  const scripts = contents('acme-scripts');
  for (const entry of [...cron1, ...scripts]) {
    assert.equal(entry.owner, 'root/root', entry.path);
    assert.equal(entry.stamp, '2026-01-01 00:00', `${entry.path}: mtime is SOURCE_DATE_EPOCH`);
    if (entry.path!.endsWith('/')) assert.equal(entry.mode, 'drwxr-xr-x', entry.path);
  }
  const installed = scripts.filter((e) => e.path!.startsWith('./usr/share/acme/scripts/') && !e.path!.endsWith('/'));
  assert.equal(installed.length, 10);
  assert.ok(installed.every((e) => e.mode === '-rwxr-xr-x'), 'the demo scripts are executables: 0755');
  assert.deepEqual(
    scripts.filter((e) => e.path!.startsWith('./usr/share/doc/')).map((e) => e.path),
    ['./usr/share/doc/', './usr/share/doc/acme-scripts/', './usr/share/doc/acme-scripts/changelog.gz', './usr/share/doc/acme-scripts/copyright'],
    'native version: changelog.gz',
  );
});

test('reproducible: two builds with the same SOURCE_DATE_EPOCH give byte-identical .debs, whatever the umask', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb')) return;
  const first = await buildDemo();
  const previous = process.umask(0o002);
  let second: PackageDebsResult;
  try {
    second = await packageDebs({ root: demo, outDir: join(work, 'demo-2'), env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) }, source: 'git test' });
  } finally {
    process.umask(previous);
  }
  assert.equal(second.debs.length, first.debs.length);
  for (const [i, deb] of first.debs.entries()) {
    const other = second.debs[i]!;
    assert.equal(other.package, deb.package);
    assert.ok(readFileSync(deb.path).equals(readFileSync(other.path)), `${deb.package}: byte-identical`);
  }
  const later = await packageDebs({ root: demo, outDir: join(work, 'demo-3'), sourceDateEpoch: epoch + 86400, source: 'git test' });
  assert.ok(!readFileSync(later.debs[0]!.path).equals(readFileSync(first.debs[0]!.path)), 'another SOURCE_DATE_EPOCH gives other bytes (the check is not vacuous)');
});

test('lintian --pedantic: no error and no warning on any .deb, but the errors of "#!" lines cronpack warned about', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb') || !requireTool(t, hasLintian, 'lintian')) return;
  const demoDebs = (await buildDemo()).debs;
  const trickyResult = await packageDebs({ root: tricky, outDir: join(work, 'tricky-out'), sourceDateEpoch: epoch });
  assert.deepEqual(trickyResult.diagnostics, []);
  assert.deepEqual(trickyResult.debs.map((deb) => deb.package), ['tricky-scripts', 'tricky-hourly', 'tricky-nightly', 'tricky-weekly']);
  const roughResult = await packageDebs({ root: rough, outDir: join(work, 'rough-out'), sourceDateEpoch: epoch });
  assert.deepEqual(
    roughResult.diagnostics.map((d) => `${d.code} ${d.file}: ${d.message}`),
    [
      'CP3110 jobs/local-tool: The line "#!/usr/local/bin/mytool" makes lintian report interpreter-in-usr-local, an error, for the rough-scripts package.',
      'CP3110 jobs/usr-bash.sh: The line "#!/usr/bin/bash" makes lintian report wrong-path-for-interpreter, an error, for the rough-scripts package.',
    ],
  );
  const debs = [...demoDebs, ...trickyResult.debs, ...roughResult.debs].map((deb) => deb.path);
  // One run over every .deb: lintian's start-up is most of its time.
  const run = spawnSync('lintian', ['--pedantic', '--display-info', '--show-overrides', '--tag-display-limit', '0', ...debs], { encoding: 'utf8' });
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  const tagged = lines.filter((line) => /^[EWIPX]: /.test(line));
  const roughTags = tagged.filter((line) => line.includes(' rough-scripts: ')).length;
  console.log(
    `lintian --pedantic over ${debs.length} .debs: demo and tricky: ${tagged.length - roughTags} tags; ` +
      `rough (deliberately bad #! lines): ${roughTags} errors; ${lines.filter((l) => l.startsWith('O: ')).length} warnings overridden with reasons`,
  );
  for (const line of lines) console.log(`  ${line}`);
  const complaints = run.stderr.split('\n').filter((line) => line !== '' && !/running with root privileges/.test(line));
  for (const line of complaints) console.log(`  (stderr) ${line}`);
  assert.equal(run.error, undefined);
  assert.deepEqual(complaints, []);
  assert.deepEqual(tagged.filter((line) => !line.includes(' rough-scripts: ')), [], 'demo and tricky: no tag at all (E, W, I or P)');
  assert.deepEqual(tagged.filter((line) => line.includes(' rough-scripts: ')).sort(), [
    'E: rough-scripts: interpreter-in-usr-local /usr/local/bin/mytool [usr/share/rough/scripts/jobs/local-tool]',
    'E: rough-scripts: wrong-path-for-interpreter /usr/bin/bash != /bin/bash [usr/share/rough/scripts/jobs/usr-bash.sh]',
  ], 'rough: exactly the errors cronpack warned about, not overridden');
  const overridden = lines.filter((line) => line.startsWith('O: ')).map((line) => line.split(' ')[2]);
  assert.deepEqual(
    [...new Set(overridden)].sort(),
    ['incorrect-path-for-interpreter', 'initial-upload-closes-no-bugs', 'missing-systemd-timer-for-cron-script', 'script-not-executable', 'script-uses-deprecated-nodejs-location', 'unusual-interpreter'],
    'only warnings are overridden',
  );
});

test('a failing build leaves the previous output folder untouched', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb')) return;
  const out = join(work, 'kept');
  const first = await packageDebs({ root: demo, outDir: out, sourceDateEpoch: epoch, sourceTree: true });
  assert.equal(first.debs.length, 4);
  const before = snapshot(out);

  const invalid = await packageDebs({ root: demo, outDir: out, sourceDateEpoch: epoch, version: '1.0 beta' });
  assert.deepEqual(invalid.debs, []);
  assert.deepEqual(invalid.diagnostics.map((d) => d.code), ['CP3102']);
  assert.deepEqual(snapshot(out), before, 'an invalid version: nothing written');

  // A packager that fails on the third package, after real dpkg-deb builds of the first two.
  const real = new DpkgDebPackager();
  let count = 0;
  const failing: Packager = {
    fileName: (plan: DebPackagePlan) => real.fileName(plan),
    build: async (plan: DebPackagePlan, dir: string) => {
      if (++count === 3) throw new CronpackError('disk full (simulated)');
      return real.build(plan, dir);
    },
  };
  await assert.rejects(packageDebs({ root: demo, outDir: out, sourceDateEpoch: epoch + 1, packager: failing }), /disk full \(simulated\)/);
  assert.deepEqual(snapshot(out), before, 'a failure half-way: nothing written');
  assert.deepEqual(readdirSync(work).filter((name) => name.startsWith('.kept.')), [readlinkSync(out)], 'beside it, only the version it points to');
});

test('the output folder: never the repository, never a folder of other files; inside the repository, never packaged', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb')) return;
  const repo = repoCopy('inside', demo);
  await assert.rejects(packageDebs({ root: repo, outDir: repo, sourceDateEpoch: epoch }), (e: unknown) => e instanceof CronpackError && /holds the repository/.test(e.message));
  await assert.rejects(packageDebs({ root: join(repo, 'bin'), outDir: repo, sourceDateEpoch: epoch }), /holds the repository/);
  const others = repoCopy('others', undefined, { 'notes.txt': 'mine', 'old_1.0_all.deb': 'x' });
  const before = snapshot(others);
  // A .deb without its staging tree is not one an older cronpack wrote.
  await assert.rejects(packageDebs({ root: demo, outDir: others, sourceDateEpoch: epoch }), /refusing to replace .*: it holds files cronpack did not write \(notes\.txt, old_1\.0_all\.deb\)/);
  assert.deepEqual(snapshot(others), before);

  // --out pkgs inside the repository, not under a default exclude: the second run must not package the first's output.
  const first = await packageDebs({ root: repo, outDir: join(repo, 'pkgs'), sourceDateEpoch: epoch });
  assert.deepEqual(first.diagnostics, []);
  const firstBytes = first.debs.map((deb) => readFileSync(deb.path));
  const second = await packageDebs({ root: repo, outDir: join(repo, 'pkgs'), sourceDateEpoch: epoch });
  assert.deepEqual(second.diagnostics, []);
  for (const [i, deb] of second.debs.entries()) {
    assert.ok(readFileSync(deb.path).equals(firstBytes[i]!), `${deb.package}: the same package again, without the scripts copied into pkgs/tree/`);
  }
});

test('package --out: refuses a file, a folder of other .debs, a file added to its own output; replaces an older cronpack\'s folder', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb')) return;
  const base = join(work, 'refusals');
  mkdirSync(base);
  writeFileSync(join(base, 'file'), 'mine');
  mkdirSync(join(base, 'downloads'));
  writeFileSync(join(base, 'downloads', 'tool_1.0_amd64.deb'), 'not ours');
  const before = snapshot(base);
  for (const [out, pattern] of [
    ['file', /^refusing to replace .*\/file: it is a file, not a folder cronpack wrote/],
    ['downloads', /^refusing to replace .*\/downloads: it holds files cronpack did not write \(tool_1\.0_amd64\.deb\)/],
  ] as const) {
    const run = await runCliCaptured(['-C', demo, 'package', '--out', join(base, out)], { env: { PATH: process.env['PATH'] ?? '', SOURCE_DATE_EPOCH: String(epoch) } });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr.replace(/^cronpack: /, ''), pattern);
    assert.equal(run.stderr.split('\n').length, 2, 'one line');
    assert.deepEqual(snapshot(base), before, `--out ${out}: nothing touched`);
  }

  const out = join(base, 'debs');
  const first = await packageDebs({ root: demo, outDir: out, sourceDateEpoch: epoch, sourceTree: true });
  assert.ok(lstatSync(out).isSymbolicLink(), 'a symlink to the version, swapped in one rename');
  const marker = JSON.parse(readFileSync(join(out, '.cronpack-output.json'), 'utf8'));
  assert.ok(marker.entries.includes('acme-scripts_1.0.0_all.deb') && marker.entries.includes('tree/acme-scripts1/DEBIAN/control') && marker.entries.includes('debian/control'), 'the marker lists every file written');
  writeFileSync(join(out, 'tree', 'notes.txt'), 'mine');
  await assert.rejects(packageDebs({ root: demo, outDir: out, sourceDateEpoch: epoch }), /it holds files cronpack did not write \(tree\/notes\.txt\)/);
  rmSync(join(out, 'tree', 'notes.txt'));

  // The same folder as an older cronpack left it: a real folder, no marker.
  const old = join(base, 'old');
  cpSync(realpathSync(out), old, { recursive: true });
  rmSync(join(old, '.cronpack-output.json'));
  const again = await packageDebs({ root: demo, outDir: old, sourceDateEpoch: epoch });
  assert.equal(again.debs.length, first.debs.length);
  assert.ok(lstatSync(old).isSymbolicLink());
  assert.equal(existsSync(join(old, 'debian')), false, 'replaced as a whole');
  assert.deepEqual(readdirSync(base).filter((name) => name.startsWith('.old.')), [readlinkSync(old)], 'the old folder is gone');
});

test('no dpkg-deb on PATH: a clear CronpackError, nothing written', async () => {
  const out = join(work, 'no-dpkg');
  const env = { ...process.env, PATH: join(work, 'empty-path') };
  const error = await packageDebs({ root: demo, outDir: out, sourceDateEpoch: epoch, env }).then(
    () => assert.fail('expected a CronpackError'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CronpackError, String(error));
  assert.match(error.message, /^cannot run dpkg-deb: not found on PATH; "cronpack package" builds \.deb files with dpkg-deb, install it with "apt-get install dpkg"/);
  assert.ok(!error.message.includes('\n'), 'one line');
  assert.equal(existsSync(out), false);
});

function captureIo(options: { tty?: boolean; env?: Record<string, string> } = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    env: { SOURCE_DATE_EPOCH: String(epoch), ...options.env },
    cwd: demo,
    isStdoutTTY: false,
    isStderrTTY: options.tty ?? false,
  };
}

test('cronpack package: lists the .debs with sizes; progress only on a TTY outside CI', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb')) return;
  const out = join(work, 'cli');
  const quiet = captureIo();
  assert.equal(await runPackage({ out, sourceTree: true, format: 'stylish', quiet: false }, quiet), 0);
  const listed = quiet.out.join('').trim().split('\n');
  assert.equal(listed.length, 4);
  for (const line of listed) assert.match(line, /^ *\d+\.\d KiB {2}\/.*\/cli\/acme-scripts\d?_1\.0\.0_all\.deb$/, 'outside the repository: absolute paths');
  assert.doesNotMatch(quiet.err.join(''), /\[\d\/4\]/, 'no progress without a TTY');
  assert.match(quiet.err.join(''), /debian\/ for dpkg-buildpackage: .*cli\/debian/);
  assert.match(quiet.err.join(''), /✔ 4 packages in /);

  const tty = captureIo({ tty: true });
  assert.equal(await runPackage({ out, sourceTree: false, format: 'stylish', quiet: false }, tty), 0);
  assert.match(tty.err.join(''), /\r\x1b\[2K\[4\/4\] packaged acme-scripts/);
  assert.equal(existsSync(join(out, 'debian')), false, 'the output is replaced as a whole');

  const ci = captureIo({ tty: true, env: { CI: 'true' } });
  assert.equal(await runPackage({ out, sourceTree: false, format: 'stylish', quiet: false }, ci), 0);
  assert.doesNotMatch(ci.err.join(''), /\[\d\/4\]/, 'no progress under CI=true');

  const bad = captureIo();
  assert.equal(await runPackage({ out, version: 'latest', sourceTree: false, format: 'stylish', quiet: false }, bad), 1);
  assert.match(bad.err.join(''), /CP3102/);
  assert.match(bad.err.join(''), /nothing written; the previous output is left as it was/);
  assert.deepEqual(bad.out, []);
});

test('debian/ source tree: dpkg-buildpackage builds the same packages (file lists and modes)', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb') || !requireTool(t, hasDpkgBuildpackage, 'dpkg-buildpackage and debhelper')) return;
  const source = repoCopy('source/acme', demo);
  const ours = await packageDebs({ root: source, outDir: join(work, 'source-out'), sourceDateEpoch: epoch, sourceTree: true });
  cpSync(ours.sourceTree!, join(source, 'debian'), { recursive: true });
  const run = spawnSync('dpkg-buildpackage', ['-b', '-us', '-uc'], { cwd: source, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch), LC_ALL: 'C' } });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.doesNotMatch(`${run.stdout}\n${run.stderr}`, /substitution variable \$\{[^}]+\} unused/, 'every substvar debhelper defines is used');
  for (const deb of ours.debs) {
    const theirs = join(work, 'source', `${deb.package}_1.0.0_all.deb`);
    const list = (path: string) => dpkgDeb('--contents', path).trim().split('\n').map((line) => { const f = line.split(/\s+/); return `${f[0]} ${f[1]} ${f[5]}`; });
    assert.deepEqual(list(theirs), list(deb.path), deb.package);
    const depends = (path: string) => dpkgDeb('--field', path, 'Depends').trim().split(', ').sort();
    assert.deepEqual(depends(theirs), depends(deb.path), deb.package);
    assert.equal(dpkgDeb('--field', theirs, 'Installed-Size').trim(), dpkgDeb('--field', deb.path, 'Installed-Size').trim(), `${deb.package}: Installed-Size as dpkg-gencontrol counts it`);
    if (deb.package !== 'acme-scripts') assert.equal(dpkgDeb('--info', theirs, 'conffiles'), dpkgDeb('--info', deb.path, 'conffiles'), deb.package);
  }
});

test('through the CLI: "cronpack package --version", and a missing dpkg-deb is one line and exit 2', async (t) => {
  if (!requireTool(t, hasDpkgDeb, 'dpkg-deb')) return;
  const help = await runCliCaptured(['--help']);
  if (!requireTool(t, /^ {2}package\b/m.test(help.stdout), 'the "package" command in src/cli/run-cli.ts')) return;
  const out = join(work, 'cli-full');
  const env = { PATH: process.env['PATH'] ?? '', SOURCE_DATE_EPOCH: String(epoch) };
  const ok = await runCliCaptured(['-C', demo, 'package', '--out', out, '--version', '2.0.0'], { env });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /acme-scripts_2\.0\.0_all\.deb\n/);
  const bad = await runCliCaptured(['-C', demo, 'package', '--out', out, '--version', '2.0.0 final'], { env });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /CP3102/);
  const missing = await runCliCaptured(['-C', demo, 'package', '--out', out], { env: { ...env, PATH: join(work, 'empty-path') } });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^cronpack: cannot run dpkg-deb: not found on PATH; [^\n]+\n$/, 'one line, no stack trace');
  assert.ok(existsSync(join(out, 'acme-scripts_2.0.0_all.deb')), 'the previous output is still there');
});
