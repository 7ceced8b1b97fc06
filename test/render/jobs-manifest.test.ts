/**
 * The jobs manifest, version 2 (src/contract/jobs-manifest.ts): its shape and key order, the
 * `cron` model as Debian's cron reads the schedule, `version` null in build output and the
 * package's Debian version in a package, and the round trip through parseJobsManifest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build } from '../../src/pipeline/build.js';
import { checkScript } from '../../src/pipeline/check-script.js';
import { loadConfig, withDefaults } from '../../src/config/index.js';
import { defaultManifestDir } from '../../src/config/defaults.js';
import { DEFAULT_MANIFEST_DIR, MANIFEST_SCHEMA_VERSION, parseJobsManifest, type JobsManifest } from '../../src/contract/jobs-manifest.js';
import { planDebianPackages, renderSourceTree } from '../../src/package/index.js';
import { collectScripts } from '../../src/packager/index.js';
import { planCronFiles, type CronFilePlan } from '../../src/plan/index.js';
import { jobsManifestOf, renderJobsManifest } from '../../src/render/index.js';
import type { ScheduleModel } from '../../src/schedule/model.js';
import { oraclePath, runOracle } from '../oracle/oracle.js';
import { repoRoot } from '../support/golden.js';
import { requireTool } from '../support/require-tool.js';

const range = (low: number, high: number, step = 1): number[] => Array.from({ length: Math.floor((high - low) / step) + 1 }, (_, i) => low + i * step);

/** One cron.d file's plan from METADATA blocks of one script, as check and plan make it. */
function planOf(blocks: readonly { time: string; params?: string; user?: string }[], script = 'jobs/task.sh'): CronFilePlan {
  const text = [
    '#!/bin/sh',
    '# METADATA',
    ...blocks.flatMap((b) => ['# <crontab>', '#   package: nightly', `#   time: ${b.time}`, ...(b.params ? [`#   params: ${b.params}`] : []), ...(b.user ? [`#   user: ${b.user}`] : []), '# </crontab>']),
    'echo ok',
    '',
  ].join('\n');
  const { jobs, diagnostics } = checkScript({ path: script, text });
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), [], 'the blocks are valid');
  const config = withDefaults({ prefix: 'acme', users: ['root', 'postgres'] }, { root: '/nowhere' });
  const plan = planCronFiles(jobs, config);
  assert.equal(plan.files.length, 1);
  return plan.files[0]!;
}

/** Debian cron 3.0pl1-162's reading of each schedule (entry.c load_entry(): bit strings and flags), written out by hand. */
const debianReadings: Record<string, ScheduleModel | null> = {
  '*/15 * * * *': {
    reboot: false,
    minute: [0, 15, 30, 45],
    hour: range(0, 23),
    dayOfMonth: range(1, 31),
    month: range(1, 12),
    dayOfWeek: range(0, 7),
    domStar: true,
    dowStar: true,
    minuteStar: true,
    hourStar: true,
  },
  // Sunday written as 0 is stored as both 0 and 7; the day-of-month "*" makes the day rule AND.
  '0 3 * * 0': {
    reboot: false,
    minute: [0],
    hour: [3],
    dayOfMonth: range(1, 31),
    month: range(1, 12),
    dayOfWeek: [0, 7],
    domStar: true,
    dowStar: false,
    minuteStar: false,
    hourStar: false,
  },
  // @daily: "0 0 * * *" but with no *_STAR flag set (entry.c sets none for it).
  '@daily': {
    keyword: 'daily',
    reboot: false,
    minute: [0],
    hour: [0],
    dayOfMonth: range(1, 31),
    month: range(1, 12),
    dayOfWeek: range(0, 7),
    domStar: false,
    dowStar: false,
    minuteStar: false,
    hourStar: false,
  },
  '@reboot': null,
};

test('v2 shape: schemaVersion 2, package, version, group, jobs; every job with its fields, keys in a fixed order', () => {
  const plan = planOf([{ time: '0  3 *\t* 0', params: `--mod 2 --rem 1 --label 'a b'`, user: 'postgres' }, { time: '0  3 *\t* 0', params: '--mod 2 --rem 0' }]);
  const text = renderJobsManifest(plan);
  const raw = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(raw), ['schemaVersion', 'package', 'version', 'group', 'jobs']);
  assert.equal(raw['schemaVersion'], MANIFEST_SCHEMA_VERSION);
  assert.equal(raw['schemaVersion'], 2);
  assert.equal(raw['package'], 'acme-nightly');
  assert.equal(raw['version'], null, 'build output is not a package');
  assert.equal(raw['group'], 'nightly');
  const jobs = raw['jobs'] as Record<string, unknown>[];
  assert.equal(jobs.length, 2);
  for (const job of jobs) assert.deepEqual(Object.keys(job), ['lockName', 'schedule', 'cron', 'user', 'script', 'scriptPath', 'params']);
  // Sorted as the plan is: by script, then shard.
  assert.deepEqual(
    jobs.map((job) => [job['lockName'], job['schedule'], job['user'], job['script'], job['scriptPath'], job['params']]),
    [
      ['jobs.task.sh.shard0of2', '0 3 * * 0', 'root', 'jobs/task.sh', '/usr/share/acme/scripts/jobs/task.sh', '--mod 2 --rem 0'],
      [plan.jobs[1]!.lockName, '0 3 * * 0', 'postgres', 'jobs/task.sh', '/usr/share/acme/scripts/jobs/task.sh', `--mod 2 --rem 1 --label 'a b'`],
    ],
    'schedule as written with blanks collapsed; params as the cron line passes them, quoted for sh',
  );
  assert.match(jobs[1]!['lockName'] as string, /^jobs\.task\.sh\..*\.shard1of2$/);
  assert.deepEqual(Object.keys(jobs[0]!['cron'] as object), ['reboot', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek', 'domStar', 'dowStar', 'minuteStar', 'hourStar']);
  assert.match(text, /\n {8}"dayOfWeek": \[0, 7\],\n/, 'number lists on one line');
  assert.ok(text.endsWith('}\n'));
  assert.equal(renderJobsManifest(planOf([{ time: '0  3 *\t* 0', params: `--mod 2 --rem 1 --label 'a b'`, user: 'postgres' }, { time: '0  3 *\t* 0', params: '--mod 2 --rem 0' }])), text, 'the same jobs give the same bytes');
  assert.doesNotMatch(text, /20\d\d-\d\d-\d\d/, 'no timestamps');
});

test("cron: the schedule as Debian's cron reads it, null for @reboot", () => {
  for (const [time, expected] of Object.entries(debianReadings)) {
    const manifest = jobsManifestOf(planOf([{ time }]));
    assert.deepEqual(manifest.jobs[0]!.cron, expected, time);
    assert.equal(manifest.jobs[0]!.schedule, time);
    const parsed = JSON.parse(renderJobsManifest(planOf([{ time }]))) as JobsManifest;
    assert.deepEqual(parsed.jobs[0]!.cron, expected, `${time}, through JSON`);
  }
});

test("cron agrees with Debian's own parser (test/oracle) on the same schedules", async (t) => {
  if (!requireTool(t, oraclePath() !== undefined, "Debian's cron parser (test/oracle/build.sh)")) return;
  const schedules = [...Object.keys(debianReadings), '5 0,6,12,18 * * *', '0 7 * * mon-fri', '30 2 1-7 * 1', '@weekly', '@hourly', '*/10 9-17/2 */3 jan-jun *'];
  const results = await runOracle('schedule', schedules);
  for (const [i, time] of schedules.entries()) {
    const oracle = results[i]!;
    assert.ok(oracle.ok && oracle.kind === 'entry', time);
    const cron = jobsManifestOf(planOf([{ time }])).jobs[0]!.cron;
    if (oracle.reboot) {
      assert.equal(cron, null, time);
      continue;
    }
    assert.ok(cron !== null, time);
    assert.deepEqual(
      [cron.minute, cron.hour, cron.dayOfMonth, cron.month, cron.dayOfWeek, cron.domStar, cron.dowStar, cron.minuteStar, cron.hourStar, cron.reboot],
      [oracle.minute, oracle.hour, oracle.dom, oracle.month, oracle.dow, oracle.domStar, oracle.dowStar, oracle.minStar, oracle.hrStar, false],
      time,
    );
  }
});

test('parseJobsManifest(renderJobsManifest(...)) gives the manifest back, with and without a version', () => {
  const plan = planOf([{ time: '*/15 * * * *' }, { time: '0 3 * * 0', params: `--to 'x y' -v` }, { time: '@daily', params: '-q' }, { time: '@reboot', params: '--boot' }]);
  for (const version of [null, '1:2.0.1-3']) {
    const manifest = jobsManifestOf(plan, version);
    const parsed = parseJobsManifest(renderJobsManifest(plan, version));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(parsed.manifest, manifest, `version ${version}`);
    assert.equal(parsed.manifest.version, version);
  }
});

test('the default manifest dir is the contract\'s', () => {
  assert.equal(defaultManifestDir, DEFAULT_MANIFEST_DIR);
  assert.equal(withDefaults({}, { root: '/x' }).manifestDir, '/usr/share/cronpack/jobs');
});

test("build's manifests have version null; a package's manifest has its Debian version, in the .deb and in the debian/ source tree", async () => {
  const demo = join(repoRoot, 'fixtures', 'demo');
  const loaded = await loadConfig(demo);
  const built = await build({ root: demo, config: loaded });
  assert.ok(built.files.length > 0);
  for (const file of built.files) assert.equal(JSON.parse(file.manifest).version, null, file.plan.name);
  const scripts = await collectScripts(demo, { include: loaded.config.include, exclude: loaded.config.exclude });
  const options = { sourceDateEpoch: 1767225600, cronpackVersion: '0.0.0-test', source: 'git test', locate: loaded.locate, ...(loaded.file ? { configFile: loaded.file } : {}) };
  for (const version of [undefined, '2:1.1-3']) {
    const plan = planDebianPackages(built, scripts, loaded.config, { ...options, ...(version !== undefined ? { version } : {}) });
    assert.deepEqual(plan.diagnostics, []);
    const expected = version ?? '1.0.0';
    const tree = new Map(renderSourceTree(plan, scripts).map((file) => [file.path, String(file.content)]));
    const cron = plan.packages.filter((pkg) => pkg.kind === 'cron');
    assert.equal(cron.length, built.files.length);
    for (const pkg of cron) {
      assert.equal(pkg.version, expected, 'the control file\'s version');
      assert.equal(pkg.manifestPath, `usr/share/cronpack/jobs/${pkg.name}.json`);
      const text = pkg.files.find((file) => file.path === pkg.manifestPath)!.content.toString();
      const parsed = parseJobsManifest(text);
      assert.ok(parsed.ok);
      assert.equal(parsed.manifest.version, expected, pkg.name);
      assert.equal(parsed.manifest.package, pkg.name);
      assert.equal(parsed.manifest.group, pkg.group);
      const fromBuild = built.files.find((file) => file.plan.name === pkg.name)!;
      assert.equal(text, renderJobsManifest(fromBuild.plan, expected), 'the build manifest with the version, nothing else');
      assert.equal(tree.get(`debian/manifests/${pkg.name}.json`), text, 'the source tree installs the same manifest');
    }
    assert.match(tree.get('debian/changelog') ?? '', new RegExp(`^acme \\(${expected.replace(/[.:]/g, '\\$&')}\\) `));
  }
});
