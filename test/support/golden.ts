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

/**
 * Compares text with the section of a document (repository-relative) between the lines
 * `<!-- generated: NAME ... -->` and `<!-- /generated: NAME -->`, which a document keeps for a
 * table whose source is code. UPDATE_GOLDEN=1 rewrites the section instead.
 */
export function assertGeneratedSection(document: string, name: string, actual: string): void {
  const path = join(repoRoot, document);
  const text = readFileSync(path, 'utf8');
  const open = new RegExp(`^<!-- generated: ${name}\\b.*-->\n`, 'm').exec(text);
  const close = text.indexOf(`<!-- /generated: ${name} -->`);
  assert.ok(open && close > open.index, `${document} has no generated section "${name}"`);
  const start = open.index + open[0].length;
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(path, text.slice(0, start) + actual + text.slice(close));
    return;
  }
  assert.equal(text.slice(start, close), actual, `the generated section "${name}" of ${document} is out of date; run UPDATE_GOLDEN=1 npm test and review it`);
}
