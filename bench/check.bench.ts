/**
 * Benchmark of `cronpack check` against the tools it competes with for a
 * pre-commit slot: grep/ripgrep over the same repository, and bare node start-up.
 * Prints figures and ratios; asserts nothing (targets are for humans to read).
 *   npm run bench            (10,000 files; BENCH_FILES=N to change)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticRepo } from './synthetic-repo.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const cli = join(here, '..', 'dist', 'bundle', 'cronpack.mjs');
const repo = join(here, '.work', 'repo');
const files = Number(process.env['BENCH_FILES'] ?? 10000);
const runs = Number(process.env['BENCH_RUNS'] ?? 7);

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** Median wall time in ms over `runs` runs, after one warm-up run. */
function time(command: string, args: string[], okCodes: number[] = [0]): number {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!okCodes.includes(result.status ?? -1)) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    if (i > 0) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const fmt = (ms: number): string => `${ms.toFixed(1).padStart(8)} ms`;

console.log(`generating ${files} scripts in ${repo} ...`);
const fiveFiles = writeSyntheticRepo(repo, files);

const results: Array<[string, number]> = [];
const check = time(process.execPath, [cli, 'check', '--format', 'json']);
results.push(['cronpack check (whole repository)', check]);
const grep = time('grep', ['-rl', '<crontab>', '.']);
results.push(["grep -rl '<crontab>'", grep]);
const rg = has('rg') ? time('rg', ['-l', '<crontab>', '.']) : undefined;
if (rg !== undefined) results.push(["rg -l '<crontab>'", rg]);
const precommit = time(process.execPath, [cli, 'check', ...fiveFiles]);
results.push(['cronpack check (5 files, pre-commit)', precommit]);
const nodeStart = time(process.execPath, ['-e', '0']);
results.push(['node -e 0', nodeStart]);

console.log(`\nmedian of ${runs} runs after a warm-up, ${files} files:`);
for (const [name, ms] of results) console.log(`  ${name.padEnd(40)}${fmt(ms)}`);
console.log('\nratios (target):');
console.log(`  whole-repo check / grep      ${(check / grep).toFixed(2)}x`);
if (rg !== undefined) console.log(`  whole-repo check / ripgrep   ${(check / rg).toFixed(2)}x   (target <= 3x)`);
else console.log('  ripgrep not installed: apt-get install ripgrep for the target ratio');
console.log(`  5-file check / node -e 0     ${(precommit / nodeStart).toFixed(2)}x   (target <= 2x)`);
