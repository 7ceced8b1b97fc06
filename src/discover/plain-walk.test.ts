import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { defaultExcludes } from './discover-scripts.js';
import { OutputFolders } from './output-folders.js';
import { isPlainSelected, plainExcludes, walkPlain, type ReadFolder, type WalkEntry } from './plain-walk.js';
import { walkFs } from './walk-fs.js';

/** Every case the two walks could disagree on: hidden and pruned folders at each depth, dot names, symlinks, glob characters, bad names. */
function makeTrickyTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'cronpack-plain-walk-'));
  const files = [
    'a.sh', 'README.md', 'bin/run', 'bin/sub/deep.py', 'out', '.env', '.gitignore', '.cronpack-output.json',
    '.hidden/x.sh', '.hidden/.gitignore', '.hidden/sub/.gitignore', '.hidden/node_modules/y.js', '.hidden/.git/z', '.hidden/dist/d.sh',
    '.git/config', 'node_modules/m/i.js', 'dist/d.js', 'build/b.sh',
    'a/.git/x', 'a/node_modules/x.js', 'a/dist/x.sh', 'a/build/x.sh', 'a/out/x.sh', 'a/.env', 'a/.gitignore', 'a/skip.sh',
    'a/.h/node_modules/n.js', 'a/.h/.cronpack-output.json', 'c/.gitignore/inside.sh', 'c/node_modules',
    'rel/.cronpack-output.json', 'rel/tree/pkg/DEBIAN/control', 'rel/tree/.p/DEBIAN/control',
    'weird/[x] (y) {z,w} !a *.sh', 'weird/@(a)+(b).sh', 'weird/sp ace.sh',
  ];
  for (const path of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
  }
  for (const name of ['.hidden/\xff.sh', 'node_modules/\xfe.sh', 'a/.h/node_modules/\xfd.sh', 'bin/\xfc.sh']) {
    writeFileSync(Buffer.from(join(root, name), 'latin1'), '');
  }
  symlinkSync('a.sh', join(root, 'link-file'));
  symlinkSync('bin', join(root, 'link-dir'));
  symlinkSync('missing', join(root, 'bin/dangling'));
  return root;
}

const kind = (entry: Pick<WalkEntry, 'dirent'>): string =>
  entry.dirent.isSymbolicLink() ? 'link' : entry.dirent.isDirectory() ? 'dir' : entry.dirent.isFile() ? 'file' : 'other';

function byFastGlob(root: string, extraExcludes: string[], report: (d: Diagnostic) => void): string[] {
  const patterns = ['**/*', '**/.gitignore', ...OutputFolders.patterns('')];
  const fs = walkFs(root, report);
  const found = fg.sync(patterns, { cwd: root, ignore: [...defaultExcludes, ...extraExcludes], followSymbolicLinks: false, onlyFiles: false, objectMode: true, fs });
  return found.map((entry) => `${entry.path} ${kind(entry)} ${entry.name}`).sort();
}

function byPlainWalk(root: string, extraExcludes: string[], report: (d: Diagnostic) => void): string[] {
  const excluded = plainExcludes(undefined, defaultExcludes, extraExcludes);
  assert.ok(excluded, 'plain excludes');
  const fs = walkFs(root, report);
  return walkPlain(root, fs.readdirSync as unknown as ReadFolder, excluded).map((entry) => `${entry.path} ${kind(entry)} ${entry.name}`).sort();
}

test('walkPlain finds what fast-glob finds for the default globs, with the same warnings', () => {
  const root = makeTrickyTree();
  try {
    for (const extra of [[], ['README.md', 'a/skip.sh', 'c/.gitignore', '.gitignore', 'a/node_modules']]) {
      const fgWarnings: Diagnostic[] = [];
      const plainWarnings: Diagnostic[] = [];
      const expected = byFastGlob(root, extra, (d) => fgWarnings.push(d));
      assert.deepEqual(byPlainWalk(root, extra, (d) => plainWarnings.push(d)), expected);
      const sorted = (list: Diagnostic[]): string[] => list.map((d) => JSON.stringify(d)).sort();
      assert.deepEqual(sorted(plainWarnings), sorted(fgWarnings));
      assert.ok(fgWarnings.length >= 3, 'the tree has names that are not UTF-8 where both walks look');
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('plainExcludes: only the default include and plain paths; any other glob leaves the walk to fast-glob', () => {
  assert.deepEqual(plainExcludes(undefined, defaultExcludes, undefined), new Set());
  assert.deepEqual(plainExcludes(['**/*'], defaultExcludes, ['README.md', 'docs/.env']), new Set(['README.md', 'docs/.env']));
  assert.equal(plainExcludes(['bin/**'], defaultExcludes, undefined), undefined);
  assert.equal(plainExcludes(['**/*', 'x'], defaultExcludes, undefined), undefined);
  assert.equal(plainExcludes(undefined, [...defaultExcludes, 'vendor/**'], undefined), undefined, 'default excludes it does not know');
  for (const glob of ['*.md', '**/vendor/**', 'a/{b,c}', 'a/[bc]', '!a', './a', 'a/../b', 'a/', '/abs', '', 'a//b', '@(a)', 'a?']) {
    assert.equal(plainExcludes(undefined, defaultExcludes, [glob]), undefined, glob);
  }
});

test('isPlainSelected selects the files named one by one that picomatch selects with the same globs', () => {
  const extra = ['README.md', 'a/skip.sh', 'docs/.env'];
  const isSelected = picomatch(['**/*'], { ignore: [...defaultExcludes, ...extra] });
  const excluded = plainExcludes(undefined, defaultExcludes, extra)!;
  const names = ['a', 'b.sh', '.env', '.gitignore', 'node_modules', '.git', 'dist', 'build', 'out', 'README.md', 'skip.sh', '[x] {y,z} *.sh', 'sp ace'];
  const paths = names.flatMap((first) => [first, ...names.map((second) => `${first}/${second}`), `${first}/a/${first}`, `a/${first}/b`]);
  paths.push('a/skip.sh', 'b/a/skip.sh', 'docs/.env', 'x/dist/y', 'x/out');
  for (const path of paths) assert.equal(isPlainSelected(path, excluded), isSelected(path), path);
});
