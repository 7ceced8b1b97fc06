#!/usr/bin/env node
// Third-party notices of what esbuild bundled: the MIT, ISC and BSD licences of the packages
// inside dist/bundle/ (cronpack) and dist/switchman.cjs (switchman) ask that their notices
// travel with every copy. The list comes from esbuild's metafile (exactly the packages whose
// files went into a bundle), licences from package-lock.json, versions from node_modules (the
// lockfile's after npm ci), and the texts from each package's own licence file in
// node_modules. Nothing here is typed by hand, so nothing can drift:
//   - the bundle scripts call writeNotices() after each build (npm run build), which writes
//     dist/bundle/THIRD-PARTY-NOTICES and dist/switchman.THIRD-PARTY-NOTICES;
//   - debian/copyright is generated from the same lists (one Files paragraph per bundled
//     package, with its copyright lines and its licence text), and test/package/licenses.test.ts
//     fails when it differs from what this script generates.
// Usage:
//   node scripts/third-party-notices.mjs --copyright        rewrite debian/copyright
//   node scripts/third-party-notices.mjs --check-copyright  exit 1 when debian/copyright is stale
//   node scripts/third-party-notices.mjs --list             the bundled packages, one per line
import { existsSync, readFileSync, readdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The licence files of a package folder: LICENSE, LICENSE.md, LICENSE-MIT, licence, COPYING, NOTICE, ... */
const licenseFilePattern = /^(licen[cs]e|copying|notice)([-._].*)?$/i;

/**
 * The npm packages whose files esbuild put into a bundle, from its metafile: one entry per
 * package folder (two versions of one package are two entries), sorted by folder.
 * `workingDir` is esbuild's absWorkingDir (metafile paths are relative to it).
 */
export function bundledPackages(metafile, { workingDir = root, projectRoot = root } = {}) {
  const lockPath = join(projectRoot, 'package-lock.json');
  const lock = existsSync(lockPath) ? JSON.parse(readFileSync(lockPath, 'utf8')) : { packages: {} };
  // esbuild names files by their real paths: node_modules may be a symlink (a build copy of the tree).
  const modules = `${realpathSync(join(projectRoot, 'node_modules'))}${sep}`;
  const folders = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const path = resolve(workingDir, input);
    if (!path.startsWith(modules)) continue;
    // a/node_modules/@scope/b/lib/x.js -> node_modules/a/node_modules/@scope/b
    const match = /^((?:[^/]+\/node_modules\/)*(?:@[^/]+\/)?[^/]+)\//.exec(path.slice(modules.length).split(sep).join('/'));
    if (match) folders.add(`node_modules/${match[1]}`);
  }
  return [...folders].sort().map((folder) => describePackage(folder, lock, projectRoot));
}

function describePackage(folder, lock, projectRoot) {
  const dir = join(projectRoot, folder);
  // The version is what is in node_modules, so bundled; after npm ci it is the lockfile's
  // (test/package/licenses.test.ts checks that they agree, a build never fails on it: npm
  // builds cronpack installed from git with whatever tree it made).
  const entry = lock.packages?.[folder] ?? {};
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const license = entry.license ?? manifest.license;
  if (typeof license !== 'string' || license === '') throw new Error(`${folder}: no licence in package-lock.json or its package.json`);
  const files = readdirSync(dir).filter((name) => licenseFilePattern.test(name)).sort();
  if (files.length === 0) {
    throw new Error(`${folder} (${license}) ships no licence file: its notice cannot be copied from it; write one into scripts/third-party-notices.mjs`);
  }
  const texts = files.map((name) => ({ file: `${folder}/${name}`, text: normalise(readFileSync(join(dir, name), 'utf8')) }));
  return {
    folder,
    name: manifest.name,
    version: manifest.version,
    license,
    homepage: typeof manifest.homepage === 'string' ? manifest.homepage : undefined,
    texts,
    copyright: copyrightLines(texts.map((t) => t.text).join('\n'), manifest),
  };
}

/** Unix newlines, no trailing blanks, tabs as spaces, one final newline. */
function normalise(text) {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '')}\n`;
}

/** The "Copyright (c) YEAR HOLDER" lines of a licence text, as debian/copyright's Copyright field wants them. */
function copyrightLines(text, manifest) {
  const lines = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[\s*#/]+/, '').trim();
    if (!/^(copyright\b(?!s)|\(c\)|©)/i.test(line)) continue;
    if (/copyright (notice|holder|owner|statement)/i.test(line)) continue;
    const holder = line.replace(/^((copyright\b|\(c\)|©)\s*)+/i, '').trim();
    if (holder !== '' && !lines.includes(holder)) lines.push(holder);
  }
  if (lines.length > 0) return lines;
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  return [author ?? `the ${manifest.name} authors`];
}

/** The THIRD-PARTY-NOTICES text of one bundle. */
export function renderNotices({ bundle, installedAs, packages, cronpackVersion }) {
  const rule = '-'.repeat(78);
  const out = [
    `Third-party software in ${bundle} (cronpack ${cronpackVersion})`,
    '',
    `${installedAs} was made by esbuild from cronpack's own code (MIT: see LICENSE, or`,
    '/usr/share/doc/<package>/copyright on Debian) and from the npm packages below, parts or all',
    'of which it contains. Each is listed with its version, its licence (from package-lock.json)',
    'and the licence text that it ships, as its licence asks.',
    '',
    ...packages.map((pkg) => `  ${pkg.name} ${pkg.version} (${pkg.license})`),
  ];
  for (const pkg of packages) {
    out.push('', rule, `${pkg.name} ${pkg.version}`, `Licence: ${pkg.license}`);
    if (pkg.homepage) out.push(`Homepage: ${pkg.homepage}`);
    for (const { file, text } of pkg.texts) out.push(`From ${file}:`, '', text.trimEnd());
  }
  out.push('');
  return out.join('\n');
}

/** Writes the notices of one bundle (from its esbuild metafile) to `outfile`, atomically. */
export function writeNotices(metafile, outfile, { bundle, installedAs, workingDir = root }) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const packages = bundledPackages(metafile, { workingDir });
  const temp = `${outfile}.${process.pid}.tmp`;
  writeFileSync(temp, renderNotices({ bundle, installedAs, packages, cronpackVersion: version }));
  renameSync(temp, outfile);
  return packages;
}

// --- debian/copyright -------------------------------------------------------------------------

/** What each bundle holds: { cronpack: [...], switchman: [...] }, bundled in memory (nothing written). */
export async function packagesPerBundle() {
  const { cliBuildOptions } = await import('./bundle-cli.mjs');
  const { switchmanBuildOptions } = await import('./bundle-switchman.mjs');
  const { build } = await import('esbuild');
  const metafileOf = async (options) => (await build({ ...options, write: false, metafile: true, logLevel: 'error' })).metafile;
  return {
    cronpack: bundledPackages(await metafileOf(cliBuildOptions(join(root, 'dist', 'bundle')))),
    switchman: bundledPackages(await metafileOf(switchmanBuildOptions(join(root, 'dist', 'switchman.cjs')))),
  };
}

const where = {
  cronpack: 'cronpack (/usr/share/cronpack/dist/bundle/)',
  switchman: 'switchman (/usr/bin/switchman)',
};

const mitText = `Permission is hereby granted, free of charge, to any person obtaining a
copy of this software and associated documentation files (the "Software"),
to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense,
and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included
in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`;

/** A text as the body of a debian/copyright field: every line indented one space, blank lines as " .". */
function fieldBody(text) {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line.trim() === '' ? ' .' : ` ${line}`))
    .join('\n');
}

/** debian/copyright (machine-readable format 1.0): cronpack's own paragraph, then one per bundled package. */
export function renderCopyright(perBundle) {
  const byFolder = new Map();
  for (const [bundle, packages] of Object.entries(perBundle)) {
    for (const pkg of packages) {
      const seen = byFolder.get(pkg.folder);
      if (seen) seen.bundles.push(bundle);
      else byFolder.set(pkg.folder, { pkg, bundles: [bundle] });
    }
  }
  const out = [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    'Upstream-Name: cronpack',
    'Source: https://github.com/cronpack/cronpack',
    'Comment: Generated by scripts/third-party-notices.mjs (npm run copyright) from esbuild\'s',
    ' metafiles of the two bundles and package-lock.json; test/package/licenses.test.ts fails',
    ' when it is stale. The node_modules/ paragraphs are the npm packages that the bundles',
    ' contain: they are fetched by "npm ci" before the build (they are not in the source',
    ' package) and compiled into the binary packages. Their notices are also in',
    ' /usr/share/doc/<package>/THIRD-PARTY-NOTICES.',
    '',
    'Files: *',
    'Copyright: 2026 cronpack developers',
    'License: MIT',
  ];
  for (const { pkg, bundles } of [...byFolder.values()].sort((a, b) => a.pkg.folder.localeCompare(b.pkg.folder))) {
    out.push(
      '',
      `Files: ${pkg.folder}/*`,
      `Copyright: ${pkg.copyright.join('\n ')}`,
      `License: ${pkg.license}`,
      fieldBody(pkg.texts.map((t) => t.text).join('\n')),
      `Comment: npm package ${pkg.name}, bundled into ${bundles.map((b) => where[b]).join(' and ')}.`,
    );
  }
  out.push('', 'License: MIT', fieldBody(mitText), '');
  return out.join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode] = process.argv.slice(2);
  const path = join(root, 'debian', 'copyright');
  if (mode === '--list') {
    for (const [bundle, packages] of Object.entries(await packagesPerBundle())) {
      for (const pkg of packages) console.log(`${bundle}\t${pkg.name}\t${pkg.version}\t${pkg.license}\t${pkg.folder}`);
    }
  } else if (mode === '--copyright' || mode === '--check-copyright') {
    const text = renderCopyright(await packagesPerBundle());
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (mode === '--copyright') {
      if (current !== text) writeFileSync(path, text);
      console.log(current === text ? 'debian/copyright: up to date' : 'debian/copyright: rewritten');
    } else if (current !== text) {
      console.error('debian/copyright is stale (the bundled packages or their licences changed): run npm run copyright');
      process.exitCode = 1;
    }
  } else {
    console.error('usage: node scripts/third-party-notices.mjs --copyright | --check-copyright | --list');
    process.exitCode = 64;
  }
}
