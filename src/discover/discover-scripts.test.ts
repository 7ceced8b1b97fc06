import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { discoverScripts } from './discover-scripts.js';
import { loadScript } from './load-script.js';

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
