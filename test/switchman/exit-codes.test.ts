import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGeneratedSection } from '../support/golden.js';
import {
  EXIT_CANNOT_EXECUTE,
  EXIT_CONFIG,
  EXIT_LOST,
  EXIT_NOT_FOUND,
  EXIT_STATUS,
  EXIT_USAGE,
  describeReason,
  exitCodeForJob,
  exitCodeForRun,
  exitCodeForSpawnError,
} from '../../src/switchman/exit-codes.js';

test("the job's own code passes through", () => {
  for (const code of [0, 1, 2, 42, 255]) assert.equal(exitCodeForRun({ kind: 'exited' }, { code, signal: null }), code);
});

test('a job killed by a signal gives 128+signal', () => {
  assert.equal(exitCodeForJob({ code: null, signal: 'SIGTERM' }), 143);
  assert.equal(exitCodeForJob({ code: null, signal: 'SIGKILL' }), 137);
  assert.equal(exitCodeForJob({ code: null, signal: 'SIGINT' }), 130);
  assert.equal(exitCodeForJob({ code: null, signal: 'SIGSEGV' }), 139);
});

test('losing the lock, the permission or ZooKeeper gives EXIT_LOST whatever the job returned', () => {
  for (const reason of [
    { kind: 'lost-lock', detail: '' },
    { kind: 'lost-permission', detail: '' },
    { kind: 'zk-lost', detail: '' },
  ] as const) {
    assert.equal(exitCodeForRun(reason, { code: 0, signal: null }), EXIT_LOST);
    assert.equal(exitCodeForRun(reason, { code: null, signal: 'SIGKILL' }), EXIT_LOST);
  }
});

test('a stop signal to switchman gives 128+that signal', () => {
  assert.equal(exitCodeForRun({ kind: 'signal', signal: 'SIGTERM' }, { code: 0, signal: null }), 143);
  assert.equal(exitCodeForRun({ kind: 'signal', signal: 'SIGINT' }, { code: null, signal: 'SIGTERM' }), 130);
  assert.equal(exitCodeForRun({ kind: 'signal', signal: 'SIGUSR1' }, { code: null, signal: 'SIGTERM' }), 138);
  assert.equal(exitCodeForRun({ kind: 'signal', signal: 'SIGHUP' }, { code: 1, signal: null }), 129);
  assert.equal(describeReason({ kind: 'signal', signal: 'SIGUSR1' }), 'drain');
});

test("switchman's own codes are distinct and outside the shell's 126/127/128+", () => {
  const own = [EXIT_USAGE, EXIT_LOST, EXIT_CONFIG];
  assert.equal(new Set(own).size, own.length);
  for (const c of own) assert.ok(c > 0 && c < 126);
  assert.equal(exitCodeForSpawnError('ENOENT'), EXIT_NOT_FOUND);
  assert.equal(exitCodeForSpawnError('EACCES'), EXIT_CANNOT_EXECUTE);
});

test("docs/switchman.md's exit code table is EXIT_STATUS, the one --help and the man page show", () => {
  const cell = (text: string): string => text.replaceAll('|', '\\|');
  const rows = EXIT_STATUS.map((e) => `| ${cell(e.code)} | ${cell(e.meaning)} |\n`);
  assertGeneratedSection('docs/switchman.md', 'exit-status', `| Code | Meaning |\n| --- | --- |\n${rows.join('')}`);
});
