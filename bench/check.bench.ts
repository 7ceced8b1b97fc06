/**
 * Benchmark of `cronpack check` against the tools it competes with for a
 * pre-commit slot: grep/ripgrep over the same repository, and bare node start-up.
 * Prints figures and ratios against the targets of issue 14 in one run; asserts
 * nothing (targets are for humans to read, and timings do not belong in tests).
 *   npm run bench            (10,000 files, then 100,000 for the scaling line)
 *   BENCH_FILES=N            the main repository's size (default 10000)
 *   BENCH_SCALE=0            skip the 100,000-file scaling part (BENCH_SCALE=N: that many files)
 *   BENCH_RUNS=N             runs per figure (default 7; 3 for the large repository)
 *   BENCH_CLI=PATH           another build of the CLI (default dist/bundle/cronpack.mjs), to compare
 * The floor is bench/read-floor.mjs: node walking the repository and reading every file into
 * one buffer, nothing else; check's distance above it is cronpack's own work.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticRepo } from './synthetic-repo.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const floorScript = join(here, 'read-floor.mjs');
const cli = process.env['BENCH_CLI'] ?? join(here, '..', 'dist', 'bundle', 'cronpack.mjs');
const repo = join(here, '.work', 'repo');
const largeRepo = join(here, '.work', 'repo-large');
const files = Number(process.env['BENCH_FILES'] ?? 10000);
const runs = Number(process.env['BENCH_RUNS'] ?? 7);
const scaleFiles = Number(process.env['BENCH_SCALE'] ?? 100000);
const largeRuns = Math.min(runs, 3);

/** The targets of issue 14: whole-repository check against ripgrep, a pre-commit check against node's own start. */
const targets = { wholeRepoVsRipgrep: 3, fiveFilesVsNode: 2 };

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** Median wall time in ms over `count` runs in `cwd`, after one warm-up run (warm file system cache). */
function time(cwd: string, count: number, command: string, args: string[], okCodes: number[] = [0]): number {
  const samples: number[] = [];
  for (let i = 0; i <= count; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!okCodes.includes(result.status ?? -1)) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    if (i > 0) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const fmt = (ms: number): string => `${ms.toFixed(1).padStart(8)} ms`;
const verdict = (ratio: number, target: number): string => `${ratio.toFixed(2)}x   (target <= ${target}x: ${ratio <= target ? 'met' : 'NOT met'})`;

console.log(`generating ${files} scripts in ${repo} ...`);
const fiveFiles = writeSyntheticRepo(repo, files);

const results: Array<[string, number]> = [];
const check = time(repo, runs, process.execPath, [cli, 'check', '--format', 'json']);
results.push(['cronpack check (whole repository)', check]);
const grep = time(repo, runs, 'grep', ['-rl', '<crontab>', '.']);
results.push(["grep -rl '<crontab>'", grep]);
const rg = has('rg') ? time(repo, runs, 'rg', ['-l', '<crontab>', '.']) : undefined;
if (rg !== undefined) results.push(["rg -l '<crontab>'", rg]);
const precommit = time(repo, runs, process.execPath, [cli, 'check', ...fiveFiles]);
results.push(['cronpack check (5 files, pre-commit)', precommit]);
const nodeStart = time(repo, runs, process.execPath, ['-e', '0']);
results.push(['node -e 0', nodeStart]);
const floor = time(repo, runs, process.execPath, [floorScript]);
results.push(['floor: node walks and reads every file', floor]);

console.log(`\nmedian of ${runs} runs after a warm-up, ${files} files:`);
for (const [name, ms] of results) console.log(`  ${name.padEnd(40)}${fmt(ms)}`);
console.log('\nratios (target):');
console.log(`  whole-repo check / grep      ${(check / grep).toFixed(2)}x`);
if (rg !== undefined) console.log(`  whole-repo check / ripgrep   ${verdict(check / rg, targets.wholeRepoVsRipgrep)}`);
else console.log('  ripgrep not installed: apt-get install ripgrep for the target ratio');
if (rg !== undefined) console.log(`  floor / ripgrep              ${(floor / rg).toFixed(2)}x   (check / floor: ${(check / floor).toFixed(2)}x)`);
else console.log(`  check / floor                ${(check / floor).toFixed(2)}x`);
console.log(`  5-file check / node -e 0     ${verdict(precommit / nodeStart, targets.fiveFilesVsNode)}`);
// Where a whole-repository check's time goes, by difference of the medians above.
const share = (ms: number): string => `${ms.toFixed(0)} ms (${((ms / check) * 100).toFixed(0)}%)`;
console.log(`\nwhole-repo check, split: node's start ${share(nodeStart)}; walking and reading ${share(floor - nodeStart)}; cronpack's own work ${share(check - floor)}`);
if (rg !== undefined) console.log(`  3x ripgrep leaves ${(targets.wholeRepoVsRipgrep * rg - floor).toFixed(0)} ms above node's walk-and-read floor for all of cronpack's work`);

if (scaleFiles > 0) {
  console.log(`\nscaling: generating ${scaleFiles} scripts in ${largeRepo} ...`);
  writeSyntheticRepo(largeRepo, scaleFiles);
  // Exit 1 is expected here: 100,000 files put over 3,000 jobs in some cron.d files (CP3004), which check reports.
  const largeCheck = time(largeRepo, largeRuns, process.execPath, [cli, 'check', '--format', 'json'], [0, 1]);
  const largeRg = rg !== undefined ? time(largeRepo, largeRuns, 'rg', ['-l', '<crontab>', '.']) : undefined;
  // Per file, net of node's start-up, which a larger repository does not repeat.
  const perFile = (ms: number, count: number): string => `${(((ms - nodeStart) / count) * 1000).toFixed(1)} µs/file`;
  console.log(`median of ${largeRuns} runs after a warm-up, ${scaleFiles} files:`);
  console.log(`  ${'cronpack check (whole repository)'.padEnd(40)}${fmt(largeCheck)}`);
  if (largeRg !== undefined) console.log(`  ${"rg -l '<crontab>'".padEnd(40)}${fmt(largeRg)}`);
  console.log(
    `  check per file, net of node -e 0: ${perFile(check, files)} at ${files}, ${perFile(largeCheck, scaleFiles)} at ${scaleFiles}` +
      ` (x${((largeCheck - nodeStart) / (check - nodeStart) / (scaleFiles / files)).toFixed(2)} per file: 1.00 is linear)`,
  );
  if (largeRg !== undefined) console.log(`  whole-repo check / ripgrep at ${scaleFiles}: ${(largeCheck / largeRg).toFixed(2)}x`);
} else {
  console.log('\nscaling: skipped (BENCH_SCALE=0)');
}
