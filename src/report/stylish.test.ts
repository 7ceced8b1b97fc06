import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FormatContext } from './format-context.js';
import { formatStylish } from './stylish.js';

const ESC = '\u001b';

function context(sources: Record<string, string> = {}, extra: Partial<FormatContext> = {}): FormatContext {
  return { getSource: (file) => sources[file], color: false, toolVersion: '9.9.9', ...extra };
}

const sources = {
  'scripts/a.sh': '#!/bin/sh\n# <crontab>\n#\tpakage: foo\n# time: 5 * * *\n',
  'scripts/b.py': '\uFEFF# <crontab>\r\n# package: Foo_Bar\r\n',
};

const unknownKey: Diagnostic = {
  code: 'CP1106',
  severity: 'warning',
  file: 'scripts/a.sh',
  line: 3,
  column: 3,
  endColumn: 9,
  message: 'Unknown key "pakage"; it is ignored.',
  hint: 'Did you mean "package"?',
};
const unclosed: Diagnostic = {
  code: 'CP1101',
  severity: 'error',
  file: 'scripts/a.sh',
  line: 2,
  column: 3,
  endLine: 4,
  endColumn: 16,
  message: '<crontab> is never closed.',
};
const badName: Diagnostic = {
  code: 'CP2001',
  severity: 'error',
  file: 'scripts/b.py',
  line: 2,
  column: 12,
  endColumn: 19,
  message: 'Package "Foo_Bar" has upper-case letters.',
  hint: 'Use lower-case letters, e.g. "foo-bar".',
};

test('no diagnostics: empty output, no summary', () => {
  assert.equal(formatStylish([], context()), '');
  assert.equal(formatStylish([], context({}, { filesChecked: 12 })), '');
});

test('exact output: grouped by file, sorted, aligned, with hints, frames and summary', () => {
  const out = formatStylish([badName, unknownKey, unclosed], context(sources));
  assert.equal(
    out,
    [
      'scripts/a.sh',
      '  2:3  error    <crontab> is never closed.            CP1101',
      '    2 | # <crontab>',
      '      |   ^',
      '  3:3  warning  Unknown key "pakage"; it is ignored.  CP1106',
      '    hint: Did you mean "package"?',
      '    3 | #    pakage: foo',
      '      |      ^~~~~~',
      '',
      'scripts/b.py',
      '  2:12  error  Package "Foo_Bar" has upper-case letters.  CP2001',
      '    hint: Use lower-case letters, e.g. "foo-bar".',
      '    2 | # package: Foo_Bar',
      '      |            ^~~~~~~',
      '',
      '✖ 3 problems (2 errors, 1 warning)',
      '',
    ].join('\n'),
  );
});

test('order does not depend on input order; the input is not mutated', () => {
  const input = [badName, unknownKey, unclosed];
  const copy = [...input];
  const a = formatStylish(input, context(sources));
  const b = formatStylish([unclosed, badName, unknownKey], context(sources));
  assert.equal(a, b);
  assert.deepEqual(input, copy);
  // Files sorted, and within a file by line then column.
  const headers = a.split('\n').filter((l) => l.startsWith('scripts/'));
  assert.deepEqual(headers, ['scripts/a.sh', 'scripts/b.py']);
  const rows = a.split('\n').filter((l) => /^ {2}\d+:\d+ /.test(l)).map((l) => l.trim().split(/\s+/)[0]);
  assert.deepEqual(rows, ['2:3', '3:3', '2:12']);
});

test('many diagnostics in one file: code column aligned, positions padded', () => {
  const ds: Diagnostic[] = [
    { code: 'CP1105', severity: 'error', file: 'x.sh', line: 10, column: 1, message: 'long message here' },
    { code: 'CP1106', severity: 'warning', file: 'x.sh', line: 2, column: 14, message: 'short' },
    { code: 'CP1107', severity: 'error', file: 'x.sh', line: 2, column: 3, message: 'mid size' },
  ];
  const rows = formatStylish(ds, context()).split('\n').filter((l) => l.startsWith('  '));
  assert.deepEqual(rows, [
    '  2:3   error    mid size           CP1107',
    '  2:14  warning  short              CP1106',
    '  10:1  error    long message here  CP1105',
  ]);
});

test('CRLF, BOM and tabs in the source keep the caret under the reported column', () => {
  const out = formatStylish([badName], context(sources)).split('\n');
  const source = out.find((l) => l.startsWith('    2 |'));
  const marker = out.find((l) => l.startsWith('      |'));
  assert.ok(source !== undefined && marker !== undefined);
  assert.ok(!source.includes('\r') && !source.includes('\uFEFF'));
  assert.equal(source.slice(marker.indexOf('^'), marker.indexOf('^') + 7), 'Foo_Bar');
});

test('no frame when the source is unavailable or has no such line', () => {
  const out = formatStylish([badName], context({}));
  assert.ok(!out.includes(' | '), out);
  const short = formatStylish([{ ...badName, line: 40 }], context(sources));
  assert.ok(!short.includes(' | '), short);
  assert.match(short, /hint: Use lower-case/);
});

test('summary: singular/plural and files checked', () => {
  const one = formatStylish([unclosed], context());
  assert.ok(one.endsWith('✖ 1 problem (1 error, 0 warnings)\n'), one);
  const warn = formatStylish([unknownKey, { ...unknownKey, line: 4 }], context({}, { filesChecked: 1 }));
  assert.ok(warn.endsWith('✖ 2 problems (0 errors, 2 warnings), 1 file checked\n'), warn);
  const many = formatStylish([unclosed], context({}, { filesChecked: 12 }));
  assert.ok(many.endsWith('✖ 1 problem (1 error, 0 warnings), 12 files checked\n'), many);
});

test('colour off: no escape codes at all', () => {
  const out = formatStylish([badName, unknownKey, unclosed], context(sources, { color: false }));
  assert.ok(!out.includes(ESC));
});

test('colour on: underlined header, red errors, yellow warnings, dim hint and gutter', () => {
  const out = formatStylish([badName, unknownKey], context(sources, { color: true }));
  assert.ok(out.includes(`${ESC}[4mscripts/a.sh${ESC}[24m`), 'underlined file header');
  assert.ok(out.includes(`${ESC}[31merror${ESC}[39m`), 'red error');
  assert.ok(out.includes(`${ESC}[33mwarning${ESC}[39m`), 'yellow warning');
  assert.ok(out.includes(`${ESC}[2mhint: Did you mean "package"?${ESC}[22m`), 'dim hint');
  assert.ok(out.includes(`${ESC}[2m3 |${ESC}[22m`), 'dim gutter');
  assert.ok(out.includes(`${ESC}[33m^~~~~~${ESC}[39m`), 'yellow marker for a warning');
  assert.ok(out.includes(`${ESC}[31m${ESC}[1m✖ 2 problems`), 'red bold summary when there are errors');
  // Without the escapes, the coloured output is the plain output.
  const stripped = out.replace(/\u001b\[\d+m/g, '');
  assert.equal(stripped, formatStylish([badName, unknownKey], context(sources, { color: false })));
});

test('control characters in messages and file names cannot reach the terminal', () => {
  const evil: Diagnostic = {
    code: 'CP1105',
    severity: 'error',
    file: 'scripts/\u001b[2Jx.sh',
    line: 1,
    column: 1,
    message: 'found "a\u001b]0;pwned\u0007"\nsecond line',
    hint: 'tab\there',
  };
  const out = formatStylish([evil], context({ 'scripts/\u001b[2Jx.sh': '\u001b[31mred\n' }));
  assert.ok(!out.includes(ESC) && !out.includes('\u0007'), JSON.stringify(out));
  assert.match(out, /found "a\u241b\]0;pwned\u2407"\u240asecond line/);
  assert.match(out, /hint: tab here/);
});
