// The cronpack/switchman contract, checked from both sides: every lock name cronpack makes is
// one switchman accepts, and the command line cronpack writes is read back by switchman's own
// parser as exactly the run it describes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkLockName, lockNameFor, maxLockNameLength, type LockNameInputs } from '../../src/contract/lock-name.js';
import { switchmanRunArgs } from '../../src/contract/switchman-command.js';
import type { SwitchmanRun } from '../../src/contract/switchman-command.js';
import { parseArgs } from '../../src/switchman/cli.js';
import { prng } from '../support/prng.js';
import { ROOT, ensureBundle } from '../switchman/harness.js';
import { cronpackVersion } from '../../src/core/version.js';

/** Characters a script path or a param may hold, ZooKeeper-hostile ones included. */
const alphabet = ['a', 'Z', '0', '.', '-', '_', ' ', '/', '%', '\t', 'é', 'ß', '日', '😀', '\u0001', '\u007f', '\ufff0', '=', '"', "'", '\\', '$'];

function word(random: () => number, max: number): string {
  const length = Math.floor(random() * max);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)]!;
  return out;
}

function job(random: () => number): LockNameInputs {
  const depth = 1 + Math.floor(random() * 6);
  const parts = Array.from({ length: depth }, () => word(random, random() < 0.1 ? 200 : 20) || 'x');
  const params = Array.from({ length: Math.floor(random() * 4) }, () => word(random, 12));
  const mod = 1 + Math.floor(random() * 8);
  return {
    script: parts.join('/'),
    params: random() < 0.3 ? [...params, '--mod', String(mod), '--rem', '0'] : params,
    ...(random() < 0.3 ? { shard: { mod, rem: Math.floor(random() * mod) } } : {}),
  };
}

test('every lock name cronpack makes passes switchman\'s check (2,000 generated jobs, and the edge cases)', () => {
  const random = prng(0x10c4);
  const jobs = [
    ...Array.from({ length: 2000 }, () => job(random)),
    { ...job(random), script: 'zookeeper', params: [] },
    { ...job(random), script: `${'日'.repeat(400)}.pl`, params: [] },
    { ...job(random), script: `${'d/'.repeat(300)}x.sh`, params: ['--flag'] },
  ];
  const names = new Set<string>();
  for (const j of jobs) {
    const name = lockNameFor(j);
    assert.equal(checkLockName(name), undefined, `${JSON.stringify(j.script)} -> ${JSON.stringify(name)}`);
    assert.ok(name.length <= maxLockNameLength);
    assert.equal(lockNameFor(j), name, 'stable');
    names.add(name);
  }
  // Long names end in a hash of the whole: two long paths that share their first 500 characters stay apart.
  const long = `${'a'.repeat(600)}`;
  assert.notEqual(lockNameFor({ ...jobs[0]!, script: `${long}/one`, params: [] }), lockNameFor({ ...jobs[0]!, script: `${long}/two`, params: [] }));
});

test('the command line cronpack writes is read back by switchman as the same run', () => {
  const random = prng(0xc0de);
  for (let i = 0; i < 500; i++) {
    const j = job(random);
    const run: SwitchmanRun = {
      config: random() < 0.5 ? '/etc/switchman.conf' : `/etc/${word(random, 8) || 'c'}.conf`,
      group: word(random, 10) || 'g',
      lockname: lockNameFor(j),
      leases: [[], ['r=1:3'], ['FQDN_mem=4:int(MEMMB/1024)', 'restart=1:1'], ['a.b-c_d=-1:CPU*2']][Math.floor(random() * 4)]!,
      // Words that look like options must stay the job's, after "--".
      command: random() < 0.2 ? '-c' : `/usr/share/acme/${j.script}`,
      args: random() < 0.3 ? ['--config', '/tmp/x', '--', '-g', ...j.params] : j.params,
    };
    const parsed = parseArgs(switchmanRunArgs(run));
    assert.equal(parsed.kind, 'run', JSON.stringify(run));
    if (parsed.kind !== 'run') continue;
    assert.deepEqual(
      { config: parsed.configPath, group: parsed.group, lockname: parsed.lockname, leases: parsed.leases, command: parsed.command, args: parsed.args, noLock: parsed.noLock },
      { config: run.config, group: run.group, lockname: run.lockname, leases: [...(run.leases ?? [])], command: run.command, args: [...run.args], noLock: false },
    );
  }
});

test("switchman's bundle reports package.json's version, the one cronpack reports", () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const shown = execFileSync(process.execPath, [ensureBundle(), '--version'], { encoding: 'utf8' });
  assert.equal(shown, `switchman ${version} (cronpack; compatible with App::Switchman 1.16)\n`);
  assert.equal(cronpackVersion, version);
});
