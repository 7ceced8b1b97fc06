import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { messages } from './messages.js';

const specs = Object.entries(messages);

test('every code is CPnnnn and unique', () => {
  const seen = new Map<string, string>();
  for (const [id, spec] of specs) {
    assert.match(spec.code, /^CP\d{4}$/, id);
    assert.equal(seen.get(spec.code), undefined, `${spec.code} used by ${seen.get(spec.code)} and ${id}`);
    seen.set(spec.code, id);
  }
});

test('docs/diagnostics.md documents every code', () => {
  const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
  const missing = specs.filter(([, spec]) => !doc.includes(`### ${spec.code} `)).map(([id, spec]) => `${spec.code} (${id})`);
  assert.deepEqual(missing, []);
});
