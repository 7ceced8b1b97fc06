// cronpack load on fixtures/demo: the terminal picture, the JSON and the HTML heatmap draw one view
// (cell for cell), a headless Chromium renders the page (not blank), and check warns (CP3007) when
// a package starts more than maxStartsPerMinute jobs in one minute, until H spreads them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { level } from '../src/load/index.js';
import type { LoadView } from '../src/load/index.js';
import { runCliCaptured } from './support/run-cli.js';
import { repoRoot } from './support/golden.js';
import { hasCommand, requireTool } from './support/require-tool.js';

const demo = join(repoRoot, 'fixtures', 'demo');
const temp = mkdtempSync(join(tmpdir(), 'cronpack-load-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const when = ['--tz', 'Europe/Berlin', '--now', '2026-03-02T08:00:00Z'];
const SHADES = [' ', '░', '▒', '▓', '█'];
const FILLS = ['#f4f4f4', '#c6e48b', '#f5d76e', '#f39c4a', '#d7301f'];

test('the terminal picture, JSON and the HTML heatmap show the same starts', async () => {
  const html = join(temp, 'load.html');
  const [text, json] = await Promise.all([runCliCaptured(['-C', demo, 'load', ...when, '--html', html]), runCliCaptured(['-C', demo, 'load', '--format', 'json', ...when])]);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(json.code, 0, json.stderr);
  const view = JSON.parse(json.stdout) as LoadView;
  assert.deepEqual(view.week, ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
  assert.equal(view.all.minutes.length, 1440);
  assert.ok(view.all.peak > 1 && view.busiest.length === 10);
  assert.ok(view.packages.length === 3);
  const rows = [...text.stdout.matchAll(/^(\d\d)h \|(.{60})\|$/gmu)];
  assert.equal(rows.length, 24);
  const page = readFileSync(html, 'utf8');
  const fills = [...page.split('</svg>')[0]!.matchAll(/<rect [^>]*fill="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(fills.length, 1440);
  for (const [, hour, cells] of rows) {
    [...cells!].forEach((cell, minute) => {
      const starts = view.all.minutes[Number(hour) * 60 + minute]!;
      const shade = level(starts, view.all.peak);
      assert.equal(cell, SHADES[shade], `${hour}:${minute} in the picture`);
      assert.equal(fills[Number(hour) * 60 + minute], FILLS[shade], `${hour}:${minute} in the page`);
    });
  }
  assert.match(text.stdout, new RegExp(`all packages: ${view.all.starts} starts a week, at most ${view.all.peak} in one minute`));
  assert.equal(view.days.reduce((n, d) => n + d.starts, 0), view.all.starts, 'the days add up to the week');
  for (const day of view.days) assert.match(text.stdout, new RegExp(`^  ${day.weekday} ${day.date} +${day.starts} +${day.peak}$`, 'm'));
  assert.ok(!/(src|href)=|@import|url\(/.test(page), 'the page fetches nothing');
});

test('a headless Chromium renders the heatmap page: not blank', async (t) => {
  const chromium = ['chromium', 'chromium-browser'].find(hasCommand);
  if (!requireTool(t, chromium !== undefined, "Debian's chromium")) return;
  const html = join(temp, 'shot.html');
  assert.equal((await runCliCaptured(['-C', demo, 'load', ...when, '--html', html])).code, 0);
  const png = join(temp, 'shot.png');
  const run = spawnSync(
    chromium!,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars', `--user-data-dir=${join(temp, 'profile')}`, '--window-size=800,700', `--screenshot=${png}`, `file://${html}`],
    { encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(run.status, 0, run.stderr);
  const image = PNG.sync.read(readFileSync(png));
  const colours = new Map<string, number>();
  for (let i = 0; i < image.data.length; i += 4) {
    const key = `${image.data[i]},${image.data[i + 1]},${image.data[i + 2]}`;
    colours.set(key, (colours.get(key) ?? 0) + 1);
  }
  const pixels = image.width * image.height;
  const white = colours.get('255,255,255') ?? 0;
  t.diagnostic(`${image.width}x${image.height}, ${colours.size} colours, ${((1 - white / pixels) * 100).toFixed(1)}% not white`);
  assert.ok(white / pixels < 0.9, 'more than a tenth of the page is drawn');
  // The heatmap's own colours are there (the busiest red and the empty grey at least).
  for (const hex of ['#d7301f', '#f4f4f4']) {
    const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',');
    assert.ok((colours.get(rgb) ?? 0) > 100, `${hex} is drawn`);
  }
});

test('check warns (CP3007) when a package starts more than maxStartsPerMinute jobs in one minute; H spreads them', async () => {
  const repo = join(temp, 'herd');
  mkdirSync(join(repo, 'jobs'), { recursive: true });
  const write = (time: string, max?: number): void => {
    writeFileSync(join(repo, 'cronpack.config.json'), JSON.stringify({ prefix: 'herd', ...(max === undefined ? {} : { maxStartsPerMinute: max }) }));
    for (let i = 0; i < 40; i++) writeFileSync(join(repo, 'jobs', `j${String(i).padStart(2, '0')}.sh`), `#!/bin/sh\n# METADATA\n# <crontab>\n#   package: p\n#   time: ${time}\n# </crontab>\n`, { mode: 0o755 });
  };
  write('0 * * * *');
  const herd = await runCliCaptured(['-C', repo, 'check', '--format', 'json']);
  assert.equal(herd.code, 0, 'a warning does not fail check');
  const diagnostics = (JSON.parse(herd.stdout) as { diagnostics: Array<{ code: string; file: string; line: number; column: number; message: string }> }).diagnostics;
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.file, d.line, d.column]),
    [['CP3007', 'jobs/j00.sh', 5, 11]],
  );
  assert.match(diagnostics[0]!.message, /^Package p starts 40 jobs at 00:00, more than 30 in one minute: this one, jobs\/j01.sh:3, jobs\/j02.sh:3, jobs\/j03.sh:3 and 36 more\.$/);
  write('0 * * * *', 40);
  assert.equal(JSON.parse((await runCliCaptured(['-C', repo, 'check', '--format', 'json'])).stdout).diagnostics.length, 0, 'the limit is the config\'s');
  write('H * * * *');
  assert.equal(JSON.parse((await runCliCaptured(['-C', repo, 'check', '--format', 'json'])).stdout).diagnostics.length, 0, 'H spreads them');
});
