import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FormatContext } from './format-context.js';
import { formatJson, JSON_SCHEMA_VERSION } from './json.js';

const ctx: FormatContext = { getSource: () => undefined, color: true, toolVersion: '0.1.0' };

const a: Diagnostic = {
  code: 'CP1106',
  severity: 'warning',
  file: 'scripts/backup.sh',
  line: 4,
  column: 3,
  endColumn: 9,
  message: 'Unknown key "pakage"; it is ignored.',
  hint: 'Did you mean "package"?',
};
const b: Diagnostic = {
  code: 'CP1101',
  severity: 'error',
  file: 'scripts/report/daily.py',
  line: 7,
  column: 3,
  endLine: 9,
  endColumn: 14,
  message: '<crontab> is never closed.',
  hint: 'Add a line "</crontab>" after the last key of this block.',
};
const c: Diagnostic = { code: 'CP1104', severity: 'error', file: 'scripts/backup.sh', line: 2, column: 1, message: 'empty' };

test('shape: schemaVersion, tool, summary, sorted diagnostics, fixed key order', () => {
  const text = formatJson([b, a, c], ctx);
  assert.ok(text.endsWith('}\n') && text.startsWith('{\n  "schemaVersion": 2,\n'));
  const value = JSON.parse(text);
  assert.equal(JSON_SCHEMA_VERSION, 2);
  assert.deepEqual(Object.keys(value), ['schemaVersion', 'tool', 'summary', 'diagnostics']);
  assert.deepEqual(value.tool, { name: 'cronpack', version: '0.1.0' });
  assert.deepEqual(value.summary, { errors: 2, warnings: 1 });
  assert.equal('files' in value.summary, false, 'files left out when unknown');
  assert.deepEqual(
    value.diagnostics.map((d: Diagnostic) => `${d.file}:${d.line}`),
    ['scripts/backup.sh:2', 'scripts/backup.sh:4', 'scripts/report/daily.py:7'],
  );
  assert.deepEqual(Object.keys(value.diagnostics[0]), ['code', 'severity', 'file', 'line', 'column', 'message']);
  assert.deepEqual(Object.keys(value.diagnostics[1]), [
    'code', 'severity', 'file', 'line', 'column', 'endColumn', 'message', 'hint',
  ]);
  assert.deepEqual(Object.keys(value.diagnostics[2]), [
    'code', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'hint',
  ]);
  assert.deepEqual(value.diagnostics[2], b);
});

test('summary.files comes from filesChecked, including 0', () => {
  assert.deepEqual(JSON.parse(formatJson([a], { ...ctx, filesChecked: 12 })).summary, { errors: 0, warnings: 1, files: 12 });
  assert.deepEqual(JSON.parse(formatJson([], { ...ctx, filesChecked: 0 })).summary, { errors: 0, warnings: 0, files: 0 });
});

test('deterministic: input order, key order and extra properties do not matter', () => {
  const reordered = {
    hint: a.hint,
    message: a.message,
    endColumn: a.endColumn,
    column: a.column,
    line: a.line,
    file: a.file,
    severity: a.severity,
    code: a.code,
    somethingInternal: 'x',
  } as Diagnostic;
  const one = formatJson([a, b, c], ctx);
  assert.equal(formatJson([c, b, reordered], ctx), one);
  assert.equal(formatJson([b, c, a], ctx), one);
  assert.ok(!one.includes('somethingInternal'));
});

test('no diagnostics: an empty list and zero counts', () => {
  assert.equal(
    formatJson([], ctx),
    '{\n  "schemaVersion": 2,\n  "tool": {\n    "name": "cronpack",\n    "version": "0.1.0"\n  },\n' +
      '  "summary": {\n    "errors": 0,\n    "warnings": 0\n  },\n  "diagnostics": []\n}\n',
  );
});

test('docs/json-format.md example is what formatJson prints', () => {
  const doc = readFileSync(new URL('../../docs/json-format.md', import.meta.url), 'utf8');
  const match = /## Example\s+```json\n([\s\S]*?)```/.exec(doc);
  assert.ok(match?.[1] !== undefined, 'the doc has a JSON example');
  assert.equal(formatJson([b, a], { ...ctx, filesChecked: 12 }), match[1]);
});
