import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig, normalizeZkPath, validateConfig } from '../../src/switchman/config.js';

test('a minimal config gets the documented defaults', () => {
  const { config, errors } = validateConfig({ zkhosts: 'zk1:2181,zk2:2181', prefix: '/switchman/p' });
  assert.deepEqual(errors, []);
  assert.deepEqual(config, {
    zkhosts: 'zk1:2181,zk2:2181',
    prefix: '/switchman/p',
    logfile: undefined,
    loglevel: 'info',
    terminationTimeoutMs: 10_000,
    sessionTimeoutMs: 10_000,
    connectTimeoutMs: 10_000,
    hostname: undefined,
    cgroupParent: undefined,
    syslogSocket: undefined,
    manifestDir: '/usr/share/cronpack/jobs',
    resourcesWaitTimeoutMs: 0,
  });
});

test('every key is read', () => {
  const { config, errors } = validateConfig({
    zkhosts: ['a:1', 'b:2'],
    prefix: '/x/',
    logfile: '/var/log/switchman.log',
    loglevel: 'WARNING',
    termination_timeout: 0,
    session_timeout: 4.5,
    connect_timeout: 2,
    hostname: 'box1.example.com',
    cgroup_parent: '/sys/fs/cgroup/jobs',
    syslog_socket: '/run/systemd/journal/dev-log',
  });
  assert.deepEqual(errors, []);
  assert.equal(config?.cgroupParent, '/sys/fs/cgroup/jobs');
  assert.equal(config?.syslogSocket, '/run/systemd/journal/dev-log');
  assert.equal(config?.zkhosts, 'a:1,b:2');
  assert.equal(config?.prefix, '/x');
  assert.equal(config?.loglevel, 'warning');
  assert.equal(config?.terminationTimeoutMs, 0);
  assert.equal(config?.sessionTimeoutMs, 4500);
  assert.equal(config?.connectTimeoutMs, 2000);
  assert.equal(config?.hostname, 'box1.example.com');
});

test('missing and invalid keys are all reported at once', () => {
  const { config, errors } = validateConfig({ prefix: 'relative', loglevel: 'loud', termination_timeout: -1, session_timeout: 0 });
  assert.equal(config, undefined);
  assert.equal(errors.length, 5, errors.join('\n'));
  assert.ok(errors.some((e) => e.includes('"zkhosts" is required')));
  assert.ok(errors.some((e) => e.includes('"prefix"')));
  assert.ok(errors.some((e) => e.includes('"loglevel"')));
  assert.ok(errors.some((e) => e.includes('"termination_timeout"')));
  assert.ok(errors.some((e) => e.includes('"session_timeout"')));
});

test('unknown keys are reported but not fatal (the Perl switchman may share the file)', () => {
  const { config, unknownKeys } = validateConfig({ zkhosts: 'a:1', prefix: '/p', resources: {}, colour: 'red' });
  assert.ok(config);
  assert.deepEqual(unknownKeys, ['colour', 'resources']);
});

test('log level aliases of Log::Dispatch are accepted', () => {
  assert.equal(validateConfig({ zkhosts: 'a:1', prefix: '/p', loglevel: 'warn' }).config?.loglevel, 'warning');
  assert.equal(validateConfig({ zkhosts: 'a:1', prefix: '/p', loglevel: 'notice' }).config?.loglevel, 'info');
});

test('ZooKeeper paths are checked', () => {
  assert.equal(normalizeZkPath('/a/b'), '/a/b');
  assert.equal(normalizeZkPath('/a/b//'), '/a/b');
  assert.equal(normalizeZkPath('/'), undefined);
  assert.equal(normalizeZkPath('a/b'), undefined);
  assert.equal(normalizeZkPath('/a//b'), undefined);
  assert.equal(normalizeZkPath('/a/../b'), undefined);
});

test('loadConfig reports unreadable files and bad JSON with the file name', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'switchman-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const missing = loadConfig(join(dir, 'nope.json'));
  assert.equal(missing.config, undefined);
  assert.match(missing.errors[0] ?? '', /cannot read config .*nope\.json: ENOENT/);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"zkhosts": ');
  assert.match(loadConfig(bad).errors[0] ?? '', /bad\.json: not valid JSON/);
  const good = join(dir, 'good.json');
  writeFileSync(good, JSON.stringify({ zkhosts: 'a:1', prefix: '/p' }));
  assert.equal(loadConfig(good).config?.prefix, '/p');
});
