#!/usr/bin/env node
// npm run demo: the whole flow on the bundled example repository, with the built CLI.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const path = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const cli = path('../dist/bundle/cronpack.mjs');
const demo = path('../fixtures/demo');
const broken = path('../fixtures/broken-rules');
const out = path('../out/demo');

function step(title, args, { expectFailure = false } = {}) {
  console.log(`\n\x1b[1m$ cronpack ${args.join(' ')}\x1b[0m   # ${title}`);
  const { status } = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (expectFailure ? status !== 1 : status !== 0) {
    console.error(`demo: "cronpack ${args.join(' ')}" exited ${status}`);
    process.exit(1);
  }
}

step('check every METADATA block of the demo repository', ['-C', demo, 'check']);
step('the jobs it found, with their meaning and next run', ['-C', demo, 'list']);
step('what Debian really does with a schedule', ['explain', '0 0 */2 * 1', '-n', '3']);
step('what a broken script gets (exit 1 is expected here)', ['-C', broken, 'check', 'jobs/shards.py'], { expectFailure: true });
step('one /etc/cron.d file per package, every job wrapped in switchman', ['-C', demo, 'build', '--out', out]);
console.log(`\n\x1b[1m$ cat ${out}/cron.d/acme-scripts2\x1b[0m`);
process.stdout.write(readFileSync(`${out}/cron.d/acme-scripts2`, 'utf8'));
step('Debian packages: one per cron package, one with the scripts (needs dpkg-deb)', ['-C', demo, 'package', '--out', `${out}/deb`]);
