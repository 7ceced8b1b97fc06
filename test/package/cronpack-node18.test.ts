/**
 * The cronpack .deb depends on nodejs (>= 18), so that it installs on a stock Debian 12 box
 * with Debian's own nodejs. This builds the package from the top-level debian/ (as the README
 * says), unpacks it with dpkg-deb -x (nothing is installed), and runs the packaged CLI's
 * commands (check, build, list, explain, package, init) on copies of the fixtures under
 * Debian 12's node 18, unpacked from Debian's packages by test/support/debian-node18.sh
 * (not installed over this machine's node). Every command must also give exactly what the
 * same packaged bundle gives under this machine's node: same exit code, same output, same
 * files, byte for byte (the .debs with a fixed SOURCE_DATE_EPOCH).
 *
 * It fetches Debian's nodejs with apt-get download, so it runs under CI=true (where it must)
 * or with CRONPACK_E2E=1, and is skipped otherwise.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/golden.js';
import { hasCommand, requireTool } from '../support/require-tool.js';
import { copyWorkingTree } from '../support/working-tree-copy.js';

const isWanted = process.env['CI'] === 'true' || process.env['CRONPACK_E2E'] === '1';
const epoch = '1767225600'; // 2026-01-01T00:00:00Z

const work = mkdtempSync(join(tmpdir(), 'cronpack-node18-'));
after(() => rmSync(work, { recursive: true, force: true }));


const sha = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** What a file holds, byte for byte: the .gz files (pako's deflate, not node's zlib) and so the .debs too. */
function content(path: string): string {
  return sha(readFileSync(path));
}

/**
 * Every file below dir, relative, with its content: "same files". A symlink to a folder is
 * followed under its own name, and its target (named after the writer's pid, as src/write
 * swaps folders) is not listed again.
 */
function tree(dir: string, what: (path: string) => string = content): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string, as: string): void => {
    const entries = readdirSync(at, { withFileTypes: true });
    const targets = new Set(entries.filter((e) => e.isSymbolicLink()).map((e) => readlinkSync(join(at, e.name))));
    for (const entry of entries) {
      if (targets.has(entry.name)) continue;
      const path = join(at, entry.name);
      const name = as === '' ? entry.name : `${as}/${entry.name}`;
      const info = statSync(path);
      if (info.isDirectory()) walk(path, name);
      else out[name] = `${(info.mode & 0o777).toString(8)} ${what(path)}`;
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

test("the packaged cronpack runs every command on Debian 12's own node 18, as on this machine's node", { timeout: 15 * 60_000 }, (t) => {
  if (!isWanted) {
    t.skip("fetches Debian's nodejs 18 with apt-get download: runs under CI=true, or set CRONPACK_E2E=1");
    return;
  }
  assert.equal(process.getuid?.(), 0, 'needs root (a private mount namespace for /usr/share/nodejs)');
  if (!requireTool(t, hasCommand('dpkg-buildpackage') && hasCommand('dh'), 'dpkg-buildpackage and debhelper')) return;

  // 1. The .deb, built as the README says, unpacked.
  const copy = copyWorkingTree(join(work, 'build'));
  const built = spawnSync('dpkg-buildpackage', ['-us', '-uc', '-b'], { cwd: copy, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  assert.equal(built.status, 0, built.stdout.slice(-3000) + built.stderr.slice(-3000));
  const deb = join(work, 'build', readdirSync(join(work, 'build')).find((f) => /^cronpack_.*_all\.deb$/.test(f))!);
  assert.equal(execFileSync('dpkg-deb', ['-f', deb, 'Depends'], { encoding: 'utf8' }).trim(), 'nodejs (>= 18)');
  const root = join(work, 'root');
  execFileSync('dpkg-deb', ['-x', deb, root]);
  assert.equal(readlinkSync(join(root, 'usr', 'bin', 'cronpack')), '../share/cronpack/dist/bundle/cronpack.mjs');
  const cli = join(root, 'usr', 'share', 'cronpack', 'dist', 'bundle', 'cronpack.mjs');
  assert.equal(readFileSync(cli, 'utf8').split('\n')[0], '#!/usr/bin/node');
  assert.equal(statSync(cli).mode & 0o777, 0o755);

  // 2. Debian 12's node 18, and this machine's node, each with its own copy of the fixtures.
  const node18 = execFileSync('bash', [join(repoRoot, 'test', 'support', 'debian-node18.sh')], { encoding: 'utf8' }).trim();
  const version18 = execFileSync(node18, ['--version'], { encoding: 'utf8' }).trim();
  assert.match(version18, /^v18\./);
  const nodes = { node18, host: process.execPath };
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8', SOURCE_DATE_EPOCH: epoch, NO_COLOR: '1' };
  delete env['CI']; // no CI-specific output, the same under CI and locally
  const runs: Record<string, Record<string, Run>> = { node18: {}, host: {} };
  for (const [which, node] of Object.entries(nodes)) {
    const base = join(work, which);
    const fixtures = join(base, 'fixtures');
    cpSync(join(repoRoot, 'fixtures'), fixtures, { recursive: true });
    mkdirSync(join(base, 'empty'));
    const demo = join(fixtures, 'demo');
    const now = ['--tz', 'Europe/Berlin', '--now', '2026-03-29T00:30:00Z']; // a DST switch in Berlin
    const commands: Record<string, string[]> = {
      version: ['--version'],
      help: ['--help'],
      'check demo': ['-C', demo, 'check'],
      'check demo json': ['-C', demo, 'check', '--format', 'json'],
      'list demo': ['-C', demo, 'list', ...now],
      'list demo json': ['-C', demo, 'list', '--format', 'json', ...now],
      'explain */10': ['explain', '*/10 * * * *', '-n', '8', ...now],
      'explain dom/dow json': ['explain', '30 2 1-7 * 1', '--format', 'json', ...now],
      'explain @daily': ['explain', '@daily', ...now],
      'explain bad': ['explain', '61 * * * *'],
      'build demo': ['-C', demo, 'build'],
      'build demo stdout': ['-C', demo, 'build', '--stdout'],
      'package demo': ['-C', demo, 'package', '--out', join(base, 'debs'), '--source-tree'],
      init: ['-C', join(base, 'empty'), 'init'],
      'check init': ['-C', join(base, 'empty'), 'check'],
    };
    for (const broken of readdirSync(fixtures).filter((f) => f !== 'demo').sort()) {
      for (const format of ['stylish', 'json', 'sarif', 'github']) commands[`check ${broken} ${format}`] = ['-C', join(fixtures, broken), 'check', '--format', format];
    }
    for (const [name, args] of Object.entries(commands)) {
      const run = spawnSync(node, [cli, ...args], { encoding: 'utf8', env, cwd: base });
      const strip = (text: string) => text.split(base).join('<base>');
      runs[which]![name] = { status: run.status, stdout: strip(run.stdout), stderr: strip(run.stderr) };
    }
  }

  // 3. What node 18 gave: right on its own ...
  const r = runs['node18']!;
  const ok = (name: string) => assert.equal(r[name]!.status, 0, `${name}: ${r[name]!.stderr}`);
  assert.equal(r['version']!.stdout.trim(), (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
  for (const name of ['help', 'check demo', 'list demo', 'explain */10', 'explain @daily', 'build demo', 'build demo stdout', 'package demo', 'init', 'check init']) ok(name);
  assert.equal(r['check broken-schedules stylish']!.status, 1);
  assert.match(r['list demo json']!.stdout, /"package": "scripts2"/);
  assert.match(r['explain @daily']!.stdout, /At 00:00/);
  assert.notEqual(r['explain bad']!.status, 0);
  assert.match(r['build demo stdout']!.stdout, /# \/etc\/cron\.d\/acme-scripts1/);
  assert.match(r['package demo']!.stdout, /acme-scripts1_1\.0\.0_all\.deb/);
  const debs18 = tree(join(work, 'node18', 'debs'));
  assert.deepEqual(Object.keys(debs18).filter((f) => f.endsWith('.deb')).sort(), ['acme-scripts1_1.0.0_all.deb', 'acme-scripts2_1.0.0_all.deb', 'acme-scripts3_1.0.0_all.deb', 'acme-scripts_1.0.0_all.deb']);
  assert.match(execFileSync('dpkg-deb', ['-c', join(work, 'node18', 'debs', 'acme-scripts2_1.0.0_all.deb')], { encoding: 'utf8' }), /\.\/etc\/cron\.d\/acme-scripts2\n/);
  assert.ok(existsSync(join(work, 'node18', 'empty', 'cronpack.config.json')), 'init wrote cronpack.config.json');

  // ... and exactly what this machine's node gives: exit codes, output, files.
  const differ = Object.keys(r).filter((name) => JSON.stringify(r[name]) !== JSON.stringify(runs['host']![name]));
  for (const name of differ) assert.deepEqual(r[name], runs['host']![name], `${name}: node 18 and ${process.version} differ`);
  for (const dir of [join('fixtures', 'demo', 'out'), 'debs', 'empty']) {
    assert.deepEqual(tree(join(work, 'node18', dir)), tree(join(work, 'host', dir)), `${dir}: the files node 18 wrote, byte for byte`);
  }
  console.log(
    `packaged cronpack on Debian's node ${version18}: ${Object.keys(r).length} commands, the same exit codes, output and files as on ${process.version}` +
      ` (${Object.keys(tree(join(work, 'node18', 'fixtures', 'demo', 'out'))).length} files built, ${Object.keys(debs18).length} packaged;` +
      ' all byte-identical, .debs included)',
  );
});
