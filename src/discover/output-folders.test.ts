import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { check } from '../pipeline/check.js';
import { outputMarkerName } from '../core/output-marker.js';
import { discoverScripts } from './discover-scripts.js';
import { hasCommand, requireTool } from '../../test/support/require-tool.js';
import { runCliCaptured } from '../../test/support/run-cli.js';

const demo = join(import.meta.dirname, '..', '..', 'fixtures', 'demo');
const work = mkdtempSync(join(tmpdir(), 'cronpack-outputs-'));
after(() => rmSync(work, { recursive: true, force: true }));

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** fixtures/demo, plus copies of its scripts where cronpack's outputs would hold them. */
function demoWithOutputs(name: string): string {
  const root = join(work, name);
  cpSync(demo, root, { recursive: true });
  // A marked output folder, deep in the tree, holding a staging tree.
  cpSync(join(demo, 'bin'), join(root, 'ci/debs/tree/acme-scripts/usr/share/acme/scripts/bin'), { recursive: true });
  write(root, { [`ci/debs/${outputMarkerName}`]: '{"cronpackOutput": 1, "entries": []}\n' });
  // An output of a cronpack from before markers: tree/<pkg>/DEBIAN/control beside <pkg>_<version>_<arch>.deb.
  cpSync(join(demo, 'sync'), join(root, 'old-debs/tree/acme-scripts/usr/share/acme/scripts/sync'), { recursive: true });
  write(root, { 'old-debs/tree/acme-scripts/DEBIAN/control': 'Package: acme-scripts\n', 'old-debs/acme-scripts_1.0.0_all.deb': '!<arch>\n' });
  return root;
}

test('check finds only the real scripts: marked output folders and pre-marker package outputs are skipped wherever they are', async () => {
  const root = demoWithOutputs('full-scan');
  const clean = await check({ root: demo });
  const result = await check({ root });
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.jobs.length, clean.jobs.length);
  assert.equal(result.filesChecked, clean.filesChecked);
  assert.deepEqual(result.jobs.filter((job) => job.script.includes('debs/')), []);
});

test('files and folders named one by one (a pre-commit hook) inside an output folder are skipped too', async () => {
  const root = demoWithOutputs('named');
  const inside = [
    'ci/debs/tree/acme-scripts/usr/share/acme/scripts/bin/rotate-partitions.pl',
    'ci/debs/tree',
    'ci/debs',
    'old-debs/tree/acme-scripts/usr/share/acme/scripts/sync/pull-feeds.js',
    'old-debs',
  ];
  assert.deepEqual(await discoverScripts(root, { paths: inside, cwd: root }), []);
  assert.deepEqual(await discoverScripts(root, { paths: ['bin/rotate-partitions.pl', 'ci'], cwd: root }), ['bin/rotate-partitions.pl']);
});

test('a DEBIAN/control with no .deb of that package beside its tree/ is not an output: scanned as before', async () => {
  const root = join(work, 'skeleton');
  write(root, { 'pkg/tree/tool/DEBIAN/control': 'Package: tool\n', 'pkg/tree/tool/usr/bin/tool.sh': '# METADATA\n', 'pkg/other_1.0_all.deb': '' });
  assert.deepEqual(await discoverScripts(root), ['pkg/other_1.0_all.deb', 'pkg/tree/tool/DEBIAN/control', 'pkg/tree/tool/usr/bin/tool.sh']);
});

/** Jobs in the cron.d files of a package output folder: the lines that run switchman. */
function cronJobs(out: string): number {
  const tree = join(out, 'tree');
  let jobs = 0;
  for (const pkg of readdirSync(tree)) {
    const cronD = join(tree, pkg, 'etc', 'cron.d');
    if (!existsSync(cronD)) continue; // the scripts package
    for (const file of readdirSync(cronD)) {
      jobs += readFileSync(join(cronD, file), 'utf8').split('\n').filter((line) => line.includes(' --lockname ')).length;
    }
  }
  return jobs;
}

function scriptFiles(out: string): string[] {
  return readdirSync(join(out, 'tree', 'acme-scripts', 'usr'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

test('package --out debs-a, then package --out debs-b in the same repository: the same jobs and scripts, not twice', async (t) => {
  if (!requireTool(t, hasCommand('dpkg-deb'), 'dpkg-deb')) return;
  const root = join(work, 'twice');
  cpSync(demo, root, { recursive: true });
  const env = { SOURCE_DATE_EPOCH: '1767225600', PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
  const a = await runCliCaptured(['-C', root, 'package', '--out', 'debs-a', '-q'], { env });
  assert.equal(a.code, 0, a.stderr);
  // A copy that follows symlinks (an archive, a CI artifact): real folders, the marker inside.
  cpSync(join(root, 'debs-a'), join(root, 'artifacts', 'debs-a'), { recursive: true, dereference: true });
  const b = await runCliCaptured(['-C', root, 'package', '--out', 'debs-b', '-q'], { env });
  assert.equal(b.code, 0, b.stderr);
  const jobsA = cronJobs(join(root, 'debs-a'));
  assert.ok(jobsA > 0);
  assert.equal(cronJobs(join(root, 'debs-b')), jobsA, 'every job once, under one lock name');
  assert.deepEqual(scriptFiles(join(root, 'debs-b')), scriptFiles(join(root, 'debs-a')), 'the scripts package holds each script once');
});
