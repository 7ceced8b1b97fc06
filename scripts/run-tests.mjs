#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's built-in runner through tsx.
// Node 20's --test does not expand globs itself, so we list the files here (sorted, for a stable order).
import { spawnSync } from 'node:child_process';
import fg from 'fast-glob';

const files = (await fg(['src/**/*.test.ts', 'test/**/*.test.ts'], { ignore: ['**/node_modules/**'] })).sort();
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const extra = process.argv.slice(2);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...extra, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
