#!/usr/bin/env node
// npm run demo: the whole flow on the bundled example repository, with the built CLI.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/bundle/cronpack.mjs', import.meta.url));
const demo = fileURLToPath(new URL('../fixtures/demo', import.meta.url));
const broken = fileURLToPath(new URL('../fixtures/broken-rules', import.meta.url));

function step(title, args, { expectFailure = false } = {}) {
  console.log(`\n\x1b[1m$ cronpack ${args.join(' ')}\x1b[0m   # ${title}`);
  const { status } = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (expectFailure ? status !== 1 : status !== 0) {
    console.error(`demo: "cronpack ${args.join(' ')}" exited ${status}`);
    process.exit(1);
  }
}

step('check every METADATA block of the demo repository', ['-C', demo, 'check']);
step('the jobs it found', ['-C', demo, 'list']);
step('what a broken script looks like (exit 1 is expected here)', ['-C', broken, 'check', 'jobs/shards.py'], { expectFailure: true });
