#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's built-in runner through tsx.
// Node 20's --test does not expand globs itself, so we list the files here (sorted, for a stable order).
//   node scripts/run-tests.mjs [--fast] [node --test options]
// --fast (npm run test:fast) is the inner loop: it leaves out the files that need a system tool or
// server (ZooKeeper, dpkg, lintian, cron, a Debian root, a C compiler), which are the files that call
// requireTool() or start ZooKeeper, and says how many it left out. npm test runs them all.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import fg from 'fast-glob';

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const extra = args.filter((a) => a !== '--fast');
const all = (await fg(['src/**/*.test.ts', 'test/**/*.test.ts'], { ignore: ['**/node_modules/**'] })).sort();
if (all.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const needsTools = /\brequireTool\(|\bzkTestOptions\(|\bSharedZk\b|\bisWanted\b/;
const files = fast ? all.filter((file) => !needsTools.test(readFileSync(file, 'utf8'))) : all;
if (fast) console.log(`run-tests --fast: ${files.length} of ${all.length} test files; left out ${all.length - files.length} that need ZooKeeper, dpkg, lintian, cron or a C compiler (npm test runs them)`);
// No file may hang the run: a test file (all of its tests) that takes longer than this fails,
// and its process is ended. The longest file takes about 3 minutes; CI allows 90 in all.
const FILE_TIMEOUT_MS = 15 * 60 * 1000;
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${FILE_TIMEOUT_MS}`, ...extra, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
