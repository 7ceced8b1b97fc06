// Bad config never crashes, hangs or passes silently: one line naming the key and what it
// accepts, exit 78, in bounded time (issue 12, item 8). A BOM is accepted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { validateConfig, zkhostsProblem } from '../../src/switchman/config.js';
import { EXIT_CONFIG } from '../../src/switchman/exit-codes.js';
import { ensureBundle, runSwitchman } from './harness.js';

const base = { zkhosts: '127.0.0.1:2181', prefix: '/switchman/x' };

test('zkhosts: host:port pairs separated by commas, ports 1-65535, an optional chroot', () => {
  for (const good of ['zk1:2181', 'zk1:2181,zk2:2181,zk3:2181', 'zk1:2181/switchman', '[::1]:2181', '10.0.0.1:1,10.0.0.2:65535']) {
    assert.equal(zkhostsProblem(good), undefined, good);
  }
  for (const bad of ['zk1:2181;zk2:2181', 'zk1:2181 zk2:2181', 'zk1', 'zk1:abc', 'zk1:-1', 'zk1:0', 'zk1:65536', 'zk1:2181,', ':2181', 'zk1:2181//x']) {
    assert.ok(zkhostsProblem(bad), bad);
  }
});

test('every bad value is one error naming its key and the accepted range; the good ones pass', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ zkhosts: 'zk1:2181;zk2:2181' }, /^"zkhosts" must be "host:port,host:port\[\/chroot\]": "zk1:2181;zk2:2181" is not host:port/],
    [{ zkhosts: 'zk1:99999' }, /^"zkhosts" must be .*port 99999 .* is not from 1 to 65535/],
    [{ session_timeout: 2147484 }, /^"session_timeout" must be a number of seconds from more than 0 to 3600, got 2147484$/],
    [{ connect_timeout: 1e12 }, /^"connect_timeout" must be a number of seconds from more than 0 to 3600/],
    [{ termination_timeout: -1 }, /^"termination_timeout" must be a number of seconds from 0 to 3600, got -1$/],
    [{ session_timeout: 'ten' }, /^"session_timeout" must be a number of seconds/],
  ];
  for (const [change, pattern] of cases) {
    const result = validateConfig({ ...base, ...change });
    assert.equal(result.config, undefined, JSON.stringify(change));
    assert.equal(result.errors.length, 1, JSON.stringify(result.errors));
    assert.match(result.errors[0]!, pattern);
  }
  assert.ok(validateConfig({ ...base, session_timeout: 3600, connect_timeout: 0.5, termination_timeout: 0 }).config);
});

test('the executable: a FIFO, /dev/zero, a huge or broken config exit 78 with one line, in bounded time; a BOM is fine', async () => {
  ensureBundle();
  const work = mkdtempSync(join(tmpdir(), 'switchman-config-'));
  try {
    const fifo = join(work, 'fifo.conf');
    execFileSync('mkfifo', [fifo]);
    const huge = join(work, 'huge.conf');
    writeFileSync(huge, `{"x": "${'y'.repeat(2 << 20)}"}`);
    const semicolons = join(work, 'semicolons.conf');
    writeFileSync(semicolons, JSON.stringify({ ...base, zkhosts: 'zk1:2181;zk2:2181' }));
    for (const config of [fifo, '/dev/zero', huge, semicolons]) {
      const started = Date.now();
      const run = runSwitchman(['--config', config, '--no-lock', '--', 'true']);
      const end = await run.exited;
      assert.equal(end.code, EXIT_CONFIG, `${config}: ${run.stderr()}`);
      assert.ok(Date.now() - started < 10_000, `${config}: bounded time`);
      const lines = run.stderr().trim().split('\n');
      assert.equal(lines.length, 1, `${config}: one line: ${run.stderr()}`);
      assert.doesNotMatch(run.stderr(), /\n\s+at |internal error/, 'no stack trace');
    }
    const bom = join(work, 'bom.conf');
    writeFileSync(bom, `\uFEFF${JSON.stringify({ configured: false, logfile: join(work, 'log') })}`);
    const withBom = runSwitchman(['--config', bom, '--no-lock', '--', 'true']);
    assert.deepEqual(await withBom.exited, { code: 0, signal: null }, withBom.stderr());
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
