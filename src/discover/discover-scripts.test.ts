import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { discoverFiles, discoverScripts } from './discover-scripts.js';
import { loadScript } from './load-script.js';
import { withoutRootPower } from '../../test/support/without-root-power.js';

function makeRepo(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'cronpack-discover-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

test('walks the tree sorted, skipping .git, node_modules, build output, hidden files and .gitignore matches', async () => {
  const root = makeRepo({
    'b.sh': '', 'a/z.pl': '', 'a/b/c.py': '', '.git/config': '', 'node_modules/x/y.js': '', 'dist/out.js': '',
    '.hidden.sh': '', '.gitignore': 'logs/\n*.tmp\n', 'logs/run.sh': '', 'x.tmp': '', 'a/.gitignore': 'generated.js\n', 'a/generated.js': '', 'generated.js': '',
  });
  try {
    assert.deepEqual(await discoverScripts(root), ['a/b/c.py', 'a/z.pl', 'b.sh', 'generated.js']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('include and exclude globs, and files named one by one obey them too', async () => {
  const root = makeRepo({ 'bin/a.sh': '', 'bin/vendor/v.sh': '', 'lib/l.pm': '', '.gitignore': 'bin/ignored.sh\n', 'bin/ignored.sh': '' });
  try {
    assert.deepEqual(await discoverScripts(root, { include: ['bin/**'], exclude: ['**/vendor/**'] }), ['bin/a.sh']);
    const named = await discoverScripts(root, { exclude: ['**/vendor/**'], paths: ['bin/a.sh', 'bin/vendor/v.sh', 'bin/ignored.sh', 'lib'], cwd: root });
    assert.deepEqual(named, ['bin/a.sh', 'lib/l.pm']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('symlinks count only when they lead to a file inside the root', async () => {
  const outside = makeRepo({ 'secret.sh': '# METADATA' });
  const root = makeRepo({ 'real.sh': '' });
  try {
    symlinkSync('real.sh', join(root, 'inside-link.sh'));
    symlinkSync(join(outside, 'secret.sh'), join(root, 'outside-link.sh'));
    symlinkSync('missing.sh', join(root, 'dangling.sh'));
    symlinkSync(outside, join(root, 'outside-dir'));
    assert.deepEqual(await discoverScripts(root), ['inside-link.sh', 'real.sh']);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('paths outside the root and missing paths are errors', async () => {
  const root = makeRepo({ 'a.sh': '' });
  try {
    await assert.rejects(discoverScripts(root, { paths: ['../elsewhere'], cwd: root }), /outside the repository root/);
    await assert.rejects(discoverScripts(root, { paths: ['nope.sh'], cwd: root }), /no such file/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('loadScript skips binary files and files without METADATA before decoding', () => {
  const root = makeRepo({ 'bin.pl': Buffer.from([0x23, 0x20, 0x4d, 0x45, 0x54, 0x41, 0x44, 0x41, 0x54, 0x41, 0x00]), 'plain.sh': 'echo hi\n', 'job.sh': '# METADATA\n', 'big.sh': 'x'.repeat(200_000) + '\n# METADATA\n' });
  try {
    assert.equal(loadScript(root, 'bin.pl'), undefined);
    assert.equal(loadScript(root, 'plain.sh'), undefined);
    assert.equal(loadScript(root, 'job.sh')?.text, '# METADATA\n');
    assert.equal(loadScript(root, 'big.sh')?.text.length, 200_012, 'files larger than the read buffer are read whole');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});


/** A folder so deep that its absolute path passes PATH_MAX: made one level at a time, as mkdir cannot take it whole. */
function makeDeepFolder(root: string, levels: number): string {
  const name = 'd'.repeat(250);
  // cd -P: dash cannot cd logically once $PWD passes PATH_MAX.
  const script = `cd "$1" && i=0 && while [ $i -lt ${levels} ]; do mkdir ${name} && cd -P ${name} || exit 1; i=$((i+1)); done && printf '# METADATA\\n' > deep.sh`;
  execFileSync('sh', ['-c', script, 'sh', root]);
  return Array.from({ length: levels }, () => name).join('/');
}

test('a scan skips, with a warning saying why, folders it cannot read, names that are not UTF-8 and paths too long to open', async () => {
  const root = makeRepo({ 'a.sh': '', 'secret/s.sh': '', 'ok/b.sh': '' });
  writeFileSync(Buffer.from(`${root}/caf\xe9.sh`, 'latin1'), '# METADATA\n');
  mkdirSync(Buffer.from(`${root}/dir\xff`, 'latin1'));
  const deep = makeDeepFolder(root, 17);
  chmodSync(root, 0o755);
  chmodSync(join(root, 'secret'), 0o000);
  try {
    const { paths, diagnostics } = await withoutRootPower(() => discoverFiles(root));
    assert.deepEqual(paths, ['a.sh', 'ok/b.sh']);
    const seen = diagnostics.map((d) => `${(d.file ?? '').length > 60 ? `${(d.file ?? '').slice(0, 6)}…${(d.file ?? '').slice(-8)}` : (d.file ?? '')} ${d.code} ${d.severity} ${d.message}`).sort();
    assert.deepEqual(seen, [
      'caf\\xe9.sh CP1005 warning The name of this file is not valid UTF-8 (the bytes that are not are shown as \\xNN), so it was skipped.',
      `dddddd…dddddddd CP1004 warning This path is too long to open (it is ${Buffer.byteLength(join(root, deep))} bytes long, and the system opens paths of at most 4095), so it was skipped.`,
      'dir\\xff CP1005 warning The name of this folder is not valid UTF-8 (the bytes that are not are shown as \\xNN), so it was skipped.',
      'secret CP1003 warning Cannot read this folder (permission denied), so nothing in it was checked.',
    ]);
    assert.equal(diagnostics.find((d) => d.code === 'CP1004')?.file, deep);
  } finally {
    chmodSync(join(root, 'secret'), 0o755);
    execFileSync('rm', ['-rf', root]); // rmSync cannot remove paths past PATH_MAX
  }
});

test('named paths: what a full scan skips is skipped, with a warning; a dangling link quietly, as in a scan', async () => {
  const outside = makeRepo({ 'secret.sh': '# METADATA\n', 'd/x.sh': '# METADATA\n' });
  const root = makeRepo({ 'real.sh': '' });
  symlinkSync(join(outside, 'secret.sh'), join(root, 'file-link.sh'));
  symlinkSync(join(outside, 'd'), join(root, 'dir-link'));
  symlinkSync('nowhere.sh', join(root, 'dangling.sh'));
  writeFileSync(Buffer.from(`${root}/caf\xe9.sh`, 'latin1'), '# METADATA\n');
  try {
    const given = ['file-link.sh', 'dir-link', 'dir-link/x.sh', 'dangling.sh', 'caf\uFFFD.sh', `${'x'.repeat(300)}.sh`, 'real.sh'];
    const { paths, diagnostics } = await discoverFiles(root, { paths: given, cwd: root });
    assert.deepEqual(paths, ['real.sh']);
    assert.deepEqual(
      diagnostics.map((d) => `${(d.file ?? '').slice(0, 20)} ${d.code}`),
      ['file-link.sh CP1007', 'dir-link CP1007', 'dir-link/x.sh CP1007', 'caf\\xe9.sh CP1005', `${'x'.repeat(20)} CP1004`],
    );
    assert.match(diagnostics[1]!.message, /leads outside the repository root through a symlink \(to .*\/d\)/);
    assert.match(diagnostics[4]!.message, /one of its names is 303 bytes long, and the system allows at most 255/);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('the root must be a folder: one line naming it', async () => {
  const root = makeRepo({ 'a.sh': '' });
  try {
    await assert.rejects(discoverFiles(join(root, 'a.sh')), { name: 'CronpackError', message: `the repository root ${join(root, 'a.sh')} is a file, not a folder` });
    await assert.rejects(discoverFiles(join(root, 'nope')), { name: 'CronpackError', message: `the repository root ${join(root, 'nope')} does not exist` });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('loadScript: a UTF-16 file with METADATA is skipped with a warning; one without, or a vanished file, quietly', () => {
  const text = '#!/bin/sh\n# METADATA\n# <crontab>\n#   package: p\n#   time: 0 * * * *\n# </crontab>\n';
  const le = Buffer.from(text, 'utf16le');
  const root = makeRepo({
    'bom-le.sh': Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
    'bom-be.sh': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]),
    'plain-le.sh': le,
    'notes.txt': Buffer.from('just notes\n', 'utf16le'),
  });
  try {
    const skipped: Diagnostic[] = [];
    for (const path of ['bom-le.sh', 'bom-be.sh', 'plain-le.sh', 'notes.txt', 'vanished.sh']) assert.equal(loadScript(root, path, skipped), undefined, path);
    assert.deepEqual(skipped.map((d) => `${d.file} ${d.code} ${d.severity}`), ['bom-le.sh CP1006 warning', 'bom-be.sh CP1006 warning', 'plain-le.sh CP1006 warning']);
    assert.match(skipped[0]!.message, /UTF-16 text, so it was skipped/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
