import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * Compares text with test/golden/NAME. UPDATE_GOLDEN=1 rewrites the file
 * instead (review the diff before committing). A missing golden fails.
 */
export function assertGolden(name: string, actual: string): void {
  const path = join(repoRoot, 'test', 'golden', name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch {
    assert.fail(`missing golden file test/golden/${name}; run UPDATE_GOLDEN=1 npm test and review it`);
  }
  assert.equal(actual, expected, `output differs from test/golden/${name}`);
}
