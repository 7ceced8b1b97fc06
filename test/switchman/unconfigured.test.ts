// A fresh box runs against the package's example config ("configured": false): every run
// exits 0 with no output (cron mails nothing) and one log line; `switchman status` says so.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { validateConfig } from '../../src/switchman/config.js';
import { EXIT_NOT_CONFIGURED } from '../../src/switchman/exit-codes.js';
import { repoRoot } from '../support/golden.js';
import { ensureBundle, runSwitchman } from './harness.js';

test('"configured": false is its own state, not an error; a wrong type is an error', () => {
  assert.deepEqual(validateConfig({ configured: false, zkhosts: '127.0.0.1:2181', prefix: '/x' }), {
    config: undefined,
    errors: [],
    unknownKeys: [],
    unconfigured: { logfile: '/var/log/switchman.log' },
  });
  assert.equal(validateConfig({ configured: false, logfile: '/tmp/x.log' }).unconfigured?.logfile, '/tmp/x.log');
  assert.deepEqual(validateConfig({ configured: 'no', zkhosts: 'a:1', prefix: '/x' }).errors, ['"configured" must be true or false, got "no"']);
  assert.ok(validateConfig({ configured: true, zkhosts: 'a:1', prefix: '/x' }).config);
});

test("the package's example config: runs exit 0 silently with one log line each; status exits 79", async () => {
  ensureBundle();
  const work = mkdtempSync(join(tmpdir(), 'switchman-unconfigured-'));
  try {
    const example = JSON.parse(readFileSync(join(repoRoot, 'debian', 'switchman.conf'), 'utf8')) as Record<string, unknown>;
    assert.equal(example['configured'], false, 'the shipped example is marked as not configured');
    const log = join(work, 'switchman.log');
    const config = join(work, 'switchman.conf');
    writeFileSync(config, JSON.stringify({ ...example, logfile: log }));
    const mark = join(work, 'ran');
    for (let i = 0; i < 2; i++) {
      const run = runSwitchman(['--config', config, '--group', 'g', '--lockname', 'job', '--', '/bin/sh', '-c', `touch ${mark}`]);
      assert.deepEqual(await run.exited, { code: 0, signal: null });
      assert.equal(run.stdout() + run.stderr(), '', 'nothing for cron to mail');
    }
    assert.throws(() => readFileSync(mark), 'the job did not run');
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /not configured: .*switchman\.conf says "configured": false; not running \/bin\/sh/);

    const status = runSwitchman(['status', '--config', config]);
    assert.equal((await status.exited).code, EXIT_NOT_CONFIGURED);
    assert.match(status.stdout(), /^not configured: /);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
