/**
 * Licences: cronpack's own (LICENSE, MIT) and those of the npm packages that esbuild bundles
 * into cronpack and switchman. MIT, ISC and BSD ask that their notices travel with every copy,
 * so the list of bundled packages comes from esbuild's metafile (never typed by hand), and
 * debian/copyright, the THIRD-PARTY-NOTICES files and the packages must all hold every one.
 * A dependency that enters a bundle without its paragraph in debian/copyright fails here
 * (`npm run copyright` regenerates it).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/golden.js';
import { hasCommand, requireTool } from '../support/require-tool.js';
import { copyWorkingTree } from '../support/working-tree-copy.js';

interface BundledPackage {
  folder: string;
  name: string;
  version: string;
  license: string;
  texts: { file: string; text: string }[];
  copyright: string[];
}
interface NoticesModule {
  packagesPerBundle(): Promise<{ cronpack: BundledPackage[]; switchman: BundledPackage[] }>;
  renderCopyright(perBundle: Record<string, BundledPackage[]>): string;
}
interface BundleCliModule {
  bundleCli(outdir: string): Promise<{ outdir: string; packages: BundledPackage[] }>;
}
interface BundleSwitchmanModule {
  bundleSwitchman(outfile: string): Promise<{ outfile: string; notices: string; packages: BundledPackage[] }>;
}

// The scripts are plain .mjs (run by npm before anything is compiled): import them by URL.
const script = async <T>(name: string): Promise<T> => (await import(pathToFileURL(join(repoRoot, 'scripts', name)).href)) as T;

const work = mkdtempSync(join(tmpdir(), 'cronpack-licenses-'));
after(() => rmSync(work, { recursive: true, force: true }));

let perBundle: Promise<{ cronpack: BundledPackage[]; switchman: BundledPackage[] }> | undefined;
/** What esbuild puts into each bundle, bundled in memory once for the tests that read it. */
function bundled(): Promise<{ cronpack: BundledPackage[]; switchman: BundledPackage[] }> {
  perBundle ??= script<NoticesModule>('third-party-notices.mjs').then((m) => m.packagesPerBundle());
  return perBundle;
}

const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; license?: string }> };
const copyright = (): string => readFileSync(join(repoRoot, 'debian', 'copyright'), 'utf8');

/** The paragraphs of a deb822 file, as field -> value (continuation lines joined with "\n"). */
function paragraphs(text: string): Map<string, string>[] {
  return text
    .split(/\n\n+/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const fields = new Map<string, string>();
      let last: string | undefined;
      for (const line of block.split('\n')) {
        if (/^\s/.test(line) && last !== undefined) fields.set(last, `${fields.get(last)}\n${line.slice(1)}`);
        else {
          const at = line.indexOf(':');
          last = line.slice(0, at);
          fields.set(last, line.slice(at + 1).trim());
        }
      }
      return fields;
    });
}

test('LICENSE: MIT, held by the cronpack developers, as package.json and debian/copyright say', () => {
  const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
  assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} cronpack developers\n/);
  assert.match(license, /The above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software\./);
  assert.equal((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { license: string }).license, 'MIT');
  const own = paragraphs(copyright()).find((p) => p.get('Files') === '*');
  assert.equal(own?.get('License'), 'MIT');
  assert.match(own?.get('Copyright') ?? '', /cronpack developers$/);
});

test("the bundled packages are found from esbuild's metafile, with versions and licences from the lockfile", async () => {
  const { cronpack, switchman } = await bundled();
  const names = (list: BundledPackage[]) => list.map((p) => p.name);
  // The packages issue 11 named, so that a metafile scan finding nothing cannot pass.
  for (const name of ['ajv', 'handlebars', 'fast-uri', 'commander']) assert.ok(names(cronpack).includes(name), `${name} is in the cronpack bundle`);
  assert.deepEqual(names(switchman), ['node-zookeeper-client'], 'switchman bundles node-zookeeper-client only (async and underscore are shimmed)');
  for (const pkg of [...cronpack, ...switchman]) {
    assert.equal(pkg.version, lock.packages[pkg.folder]?.version, `${pkg.folder}: the lockfile's version`);
    assert.equal(pkg.license, lock.packages[pkg.folder]?.license, `${pkg.folder}: the lockfile's licence`);
    assert.ok(pkg.texts.length > 0 && pkg.texts.every((t) => t.text.length > 200), `${pkg.folder}: its own licence text`);
    assert.ok(pkg.copyright.length > 0, `${pkg.folder}: a copyright holder`);
  }
  // Dev tools never end up in a bundle.
  for (const dev of ['esbuild', 'typescript', 'tsx']) assert.ok(!names(cronpack).includes(dev), `${dev} is not bundled`);
});

test('debian/copyright lists every bundled package with its licence and is exactly what the script generates', async () => {
  const all = await bundled();
  const byFiles = new Map(paragraphs(copyright()).map((p) => [p.get('Files'), p]));
  const missing: string[] = [];
  for (const [bundle, packages] of Object.entries(all)) {
    for (const pkg of packages) {
      const paragraph = byFiles.get(`${pkg.folder}/*`);
      if (paragraph === undefined) {
        missing.push(`${pkg.name} ${pkg.version} (${pkg.license}, bundled into ${bundle})`);
        continue;
      }
      assert.equal(paragraph.get('License')?.split('\n')[0], pkg.license, `${pkg.folder}: licence`);
      for (const { text } of pkg.texts) {
        const body = paragraph.get('License')!.split('\n').slice(1).map((l) => (l === '.' ? '' : l)).join('\n');
        assert.ok(body.includes(text.trim().split('\n').slice(-3).join('\n')), `${pkg.folder}: its licence text`);
      }
    }
  }
  assert.deepEqual(missing, [], `bundled but missing from debian/copyright (run npm run copyright): ${missing.join(', ')}`);
  const { renderCopyright } = await script<NoticesModule>('third-party-notices.mjs');
  assert.ok(copyright() === renderCopyright(all), 'debian/copyright is stale: run npm run copyright and review the diff');
});

test('the bundle scripts write THIRD-PARTY-NOTICES beside each bundle: every package, version, licence and text', async () => {
  const { bundleCli } = await script<BundleCliModule>('bundle-cli.mjs');
  const { bundleSwitchman } = await script<BundleSwitchmanModule>('bundle-switchman.mjs');
  const cli = await bundleCli(join(work, 'bundle'));
  const switchman = await bundleSwitchman(join(work, 'switchman.cjs'));
  assert.equal(switchman.notices, join(work, 'switchman.THIRD-PARTY-NOTICES'));
  const all = await bundled();
  for (const [file, packages, expected] of [
    [join(work, 'bundle', 'THIRD-PARTY-NOTICES'), cli.packages, all.cronpack],
    [switchman.notices, switchman.packages, all.switchman],
  ] as const) {
    assert.deepEqual(packages.map((p) => p.folder), expected.map((p) => p.folder), 'the bundle written holds what the in-memory bundle holds');
    const notices = readFileSync(file, 'utf8');
    for (const pkg of packages) {
      assert.ok(notices.includes(`\n${pkg.name} ${pkg.version}\nLicence: ${pkg.license}\n`), `${file}: ${pkg.name}`);
      for (const { text } of pkg.texts) assert.ok(notices.includes(text.trimEnd()), `${file}: the licence text of ${pkg.name}`);
    }
  }
  // The BSD notice the issue named, word for word.
  assert.match(readFileSync(join(work, 'bundle', 'THIRD-PARTY-NOTICES'), 'utf8'), /fast-uri [\d.]+\nLicence: BSD-3-Clause\n[^]*Redistributions in binary form must reproduce the above copyright/);
  // Only what the build writes: the bundle and its chunks, and the notices.
  assert.deepEqual(readdirSync(join(work, 'bundle')).sort(), ['THIRD-PARTY-NOTICES', 'chunks', 'cronpack.mjs']);
  assert.match(readFileSync(join(work, 'bundle', 'cronpack.mjs'), 'utf8').split('\n').slice(0, 4).join('\n'), /MIT licence.*THIRD-PARTY-NOTICES/);
});


test('the .debs ship THIRD-PARTY-NOTICES and debian/copyright; the source package leaves node_modules and dist out; lintian is clean', { timeout: 10 * 60_000 }, async (t) => {
  if (!requireTool(t, hasCommand('dpkg-buildpackage') && hasCommand('dh'), 'dpkg-buildpackage and debhelper')) return;
  if (!requireTool(t, hasCommand('git'), 'git')) return;
  const into = join(work, 'self');
  const copy = copyWorkingTree(into);
  const env = { ...process.env, LC_ALL: 'C.UTF-8' };
  const built = spawnSync('dpkg-buildpackage', ['-us', '-uc', '-b'], { cwd: copy, encoding: 'utf8', env });
  assert.equal(built.status, 0, built.stdout.slice(-3000) + built.stderr.slice(-3000));
  for (const pkg of ['cronpack', 'switchman']) {
    const root = join(into, `${pkg}-root`);
    // cronpack is Architecture: all; switchman is any (its native launcher).
    const deb = readdirSync(into).find((f) => f.startsWith(`${pkg}_${versionOf(copy)}_`) && f.endsWith('.deb'))!;
    execFileSync('dpkg-deb', ['-x', join(into, deb), root]);
    const doc = join(root, 'usr', 'share', 'doc', pkg);
    const notices = readFileSync(join(doc, 'THIRD-PARTY-NOTICES'), 'utf8');
    const built = pkg === 'cronpack' ? join(copy, 'dist', 'bundle', 'THIRD-PARTY-NOTICES') : join(copy, 'dist', 'switchman.THIRD-PARTY-NOTICES');
    assert.equal(notices, readFileSync(built, 'utf8'), `${pkg}: the notices its build wrote`);
    assert.equal(readFileSync(join(doc, 'copyright'), 'utf8'), copyright(), `${pkg}: debian/copyright`);
    for (const p of (await bundled())[pkg as 'cronpack' | 'switchman']) assert.ok(notices.includes(`\n${p.name} ${p.version}\n`), `${pkg}: ${p.name}`);
  }
  assert.ok(!existsSync(join(into, 'cronpack-root', 'usr', 'share', 'cronpack', 'dist', 'bundle', 'THIRD-PARTY-NOTICES')), 'one copy, in /usr/share/doc');

  // The source package, made from the tree as the build left it (node_modules, dist, debian/cronpack/, ...).
  const source = spawnSync('dpkg-source', ['-b', 'cronpack'], { cwd: into, encoding: 'utf8', env });
  assert.equal(source.status, 0, source.stderr);
  const tarball = readdirSync(into).find((f) => /^cronpack_.*\.tar\.xz$/.test(f))!;
  const members = execFileSync('tar', ['-tf', join(into, tarball)], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n').filter(Boolean);
  const leaked = members.filter((m) => /^cronpack\/(node_modules|dist|\.git)(\/|$)|^cronpack\/debian\/((\.debhelper|cronpack|switchman|tmp)(\/|$)|files$|debhelper-build-stamp$)|\.(substvars|debhelper\.log)$/.test(m));
  assert.deepEqual(leaked, [], 'node_modules, dist and build leftovers stay out of the source package');
  assert.ok(members.includes('cronpack/LICENSE') && members.includes('cronpack/package-lock.json'), 'the LICENSE and the lockfile npm ci needs are in it');

  if (!requireTool(t, hasCommand('lintian'), 'lintian')) return;
  const changes = readdirSync(into).find((f) => f.endsWith('.changes'))!;
  const dsc = readdirSync(into).find((f) => f.endsWith('.dsc'))!;
  const tagsOf = (file: string): string[] =>
    spawnSync('lintian', ['--pedantic', '-I', '-E', join(into, file)], { encoding: 'utf8' }).stdout.split('\n').filter((l) => /^[EWIPX]: /.test(l));
  const binaryTags = tagsOf(changes);
  // The source holds everyone's files (fixtures, golden output): info and pedantic tags about them are shown, not failed.
  const sourceTags = tagsOf(dsc);
  console.log(`self-packages: ${members.length} files in ${tarball}; lintian --pedantic -I -E: ${binaryTags.length} tags on the .debs, ${sourceTags.length} on the .dsc${sourceTags.length ? `:\n  ${sourceTags.join('\n  ')}` : ''}`);
  assert.deepEqual(binaryTags, [], 'the binary packages are lintian-clean');
  assert.deepEqual(sourceTags.filter((l) => /^[EW]: /.test(l)), [], 'the source package has no lintian error or warning');
});

function versionOf(tree: string): string {
  return execFileSync('dpkg-parsechangelog', ['-S', 'Version'], { cwd: tree, encoding: 'utf8' }).trim();
}
