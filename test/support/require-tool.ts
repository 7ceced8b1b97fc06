import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/** Whether a command is on PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v "$1" >/dev/null`, 'sh', command]).status === 0;
}

/**
 * For tests that need a system tool: true when it is there. Otherwise the test
 * skips with the reason shown, except under CI=true, where it fails: CI must run it.
 */
export function requireTool(t: TestContext, isAvailable: boolean, what: string): boolean {
  if (isAvailable) return true;
  if (process.env['CI'] === 'true') assert.fail(`${what} is missing, and CI must run this test`);
  t.skip(`${what} is missing; skipped outside CI`);
  return false;
}
