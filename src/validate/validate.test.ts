import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScript } from '../pipeline/check-script.js';

function check(...blocks: string[]) {
  const text = ['#!/bin/sh', '# METADATA', ...blocks.flatMap((b) => ['# <crontab>', ...b.split('\n').map((l) => `#   ${l}`), '# </crontab>'])].join('\n');
  const result = checkScript({ path: 'bin/job.sh', text });
  return { jobs: result.jobs, codes: result.diagnostics.map((d) => d.code), diagnostics: result.diagnostics };
}

test('package names must be Debian package names and cron.d file names', () => {
  assert.deepEqual(check('package: scripts-1\ntime: 1 * * * *').codes, []);
  for (const bad of ['Scripts', 'scripts.nightly', 'scripts_1', '-x', 'a+b']) {
    assert.deepEqual(check(`package: ${bad}\ntime: 1 * * * *`).codes, ['CP2001'], bad);
  }
});

test('user names', () => {
  assert.deepEqual(check('package: a\ntime: 1 * * * *\nuser: www-data').codes, []);
  assert.deepEqual(check('package: a\ntime: 1 * * * *\nuser: Root').codes, ['CP2002']);
});

test('shard options: both or neither, integers, 0 <= rem < mod', () => {
  const shard = (params: string) => check(`package: a\ntime: 1 * * * *\nparams: ${params}`);
  assert.deepEqual(shard('--mod 1 --rem 0').jobs[0]!.shard, { mod: 1, rem: 0 });
  assert.deepEqual(shard('--mod=1 --rem=0 -v').jobs[0]!.shard, { mod: 1, rem: 0 });
  assert.deepEqual(shard('--mod 2').codes, ['CP2201']);
  assert.deepEqual(shard('--rem 0').codes, ['CP2201']);
  assert.deepEqual(shard('--mod 0 --rem 0').codes, ['CP2202']);
  assert.deepEqual(shard('--mod 2 --rem -1').codes, ['CP2202']);
  assert.deepEqual(shard('--mod 2 --rem').codes, ['CP2202']);
  assert.deepEqual(shard('--mod 2 --rem 2').codes, ['CP2203']);
  assert.deepEqual(shard('--mod 1 --mod 1 --rem 0').codes, ['CP2204']);
});

test('shard sets must be complete, with one --mod and one time', () => {
  const shard = (rem: number, mod = 3, time = '*/2 * * * *') => `package: a\ntime: ${time}\nparams: --mod ${mod} --rem ${rem}`;
  assert.deepEqual(check(shard(0), shard(1), shard(2)).codes, []);
  const missing = check(shard(0), shard(2));
  assert.deepEqual(missing.codes, ['CP2207']);
  assert.equal(missing.diagnostics[0]!.hint, 'Add a <crontab> block for each missing --rem: 1.');
  assert.deepEqual(check(shard(0, 4)).diagnostics[0]!.hint, 'Add a <crontab> block for each missing --rem: 1, 2 and 3.');
  assert.deepEqual(check(shard(0), shard(1), shard(2), shard(1, 2)).codes, ['CP2205']);
  assert.deepEqual(check(shard(0), shard(1), shard(2, 3, '*/5 * * * *')).codes, ['CP2206']);
  const doubled = check(shard(0), shard(1), shard(2), `package: a\ntime: */2 * * * *\nparams: --mod 3 --rem 1 -v`);
  assert.deepEqual(doubled.codes, ['CP2208']);
  assert.deepEqual(check(shard(0), `package: b\ntime: 1 * * * *\nparams: --mod 3 --rem 1`).codes, ['CP2207', 'CP2207'], 'sets are per package');
});

test('identical jobs are reported once, and quoting does not hide them', () => {
  const result = check('package: a\ntime: 1 * * * *\nparams: --full', "package: a\ntime: 2 * * * *\nparams: '--full'");
  assert.deepEqual(result.codes, ['CP2301']);
  assert.equal(result.jobs.length, 1);
  assert.deepEqual(check('package: a\ntime: 1 * * * *', 'package: b\ntime: 1 * * * *').codes, [], 'other package, other job');
});

test('a block with a broken params yields no job', () => {
  const result = check('package: a\ntime: 1 * * * *\nparams: a; b');
  assert.deepEqual(result.codes, ['CP2101']);
  assert.equal(result.jobs.length, 0);
});

test('lease: switchman --lease values, comma-separated, each checked where it is written', () => {
  const ok = check('package: a\ntime: 1 * * * *\nlease: FQDN_mem=4:int(MEMMB/1024), restart=1:1');
  assert.deepEqual(ok.codes, []);
  assert.deepEqual(ok.jobs[0]!.leases, ['FQDN_mem=4:int(MEMMB/1024)', 'restart=1:1']);
  assert.equal(check('package: a\ntime: 1 * * * *').jobs[0]!.leases, undefined);
  const bad = check('package: a\ntime: 1 * * * *\nlease: r=1:3, mem=1G:8G, db/main=1:2, , x=1:system(1)');
  assert.equal(bad.jobs.length, 0, 'no job with a lease switchman would refuse');
  // "#   lease: " is 11 characters: the value starts at column 12 of line 6.
  assert.deepEqual(
    bad.diagnostics.map((d) => [d.code, d.line, d.column, d.message]),
    [
      ['CP2601', 6, 19, 'lease: "mem=1G:8G": COUNT "1G": unknown name "G" (known: CPU, FQDN, MEMMB and int()) (at character 2).'],
      ['CP2601', 6, 30, 'lease: "db/main=1:2": the resource "db/main" holds other characters than letters, digits, "_", "." and "-".'],
      ['CP2601', 6, 43, 'lease: "": an empty lease (a comma too many?).'],
      ['CP2601', 6, 45, 'lease: "x=1:system(1)": TOTAL "system(1)": unknown name "system" (known: CPU, FQDN, MEMMB and int()) (at character 1).'],
    ],
  );
});
