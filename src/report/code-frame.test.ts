import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeFrame, splitSourceLines } from './code-frame.js';

/** The frame's two lines without their gutters ("N | " and "  | "). */
function parts(frame: string | undefined): { source: string; marker: string } {
  assert.ok(frame !== undefined, 'expected a frame');
  const [source, marker, extra] = frame.split('\n');
  assert.equal(extra, undefined, 'a frame has exactly two lines');
  assert.ok(source !== undefined && marker !== undefined);
  const bar = source.indexOf('|');
  assert.equal(marker.indexOf('|'), bar, 'gutters line up');
  return { source: source.slice(bar + 2), marker: marker.slice(bar + 2) };
}

/** Index of the caret, which must sit under `expected` in the shown source line. */
function assertCaretUnder(frame: string | undefined, expected: string): number {
  const { source, marker } = parts(frame);
  const at = marker.indexOf('^');
  assert.ok(at >= 0, `no caret in ${JSON.stringify(marker)}`);
  assert.equal(source.slice(at, at + expected.length), expected, `caret under ${JSON.stringify(source.slice(at))}`);
  return at;
}

test('splitSourceLines strips the BOM and CRs, splits on LF', () => {
  assert.deepEqual(splitSourceLines('\uFEFFa\r\nb\nc\r\n'), ['a', 'b', 'c', '']);
  assert.deepEqual(splitSourceLines('x\uFEFF'), ['x\uFEFF'], 'only a leading BOM is dropped');
});

test('plain line: exact frame with caret and tildes', () => {
  const frame = codeFrame('# <crontab>\n# time: 5 * * *\n', { line: 2, column: 9, endColumn: 16 });
  assert.equal(frame, '2 | # time: 5 * * *\n  |         ^~~~~~~');
});

test('tabs are expanded the same way in the line and the caret padding', () => {
  const source = '#\tpackage:\tfoo\n';
  // column 3 is "p" (the tab is column 2); column 12 is "f".
  const first = codeFrame(source, { line: 1, column: 3, endColumn: 10 });
  const at = assertCaretUnder(first, 'package:');
  assert.equal(parts(first).source, '#    package:    foo');
  assert.equal(parts(first).marker, ' '.repeat(at) + '^~~~~~~');
  assertCaretUnder(codeFrame(source, { line: 1, column: 12 }), 'foo');
  // A span that covers a tab covers its 4 columns.
  assert.equal(parts(codeFrame(source, { line: 1, column: 10, endColumn: 12 })).marker, ' '.repeat(12) + '^~~~~');
  // tabWidth is configurable and still aligned.
  assertCaretUnder(codeFrame(source, { line: 1, column: 12 }, { tabWidth: 8 }), 'foo');
});

test('CRLF line endings: no CR shown, caret in place', () => {
  const frame = codeFrame('#!/bin/sh\r\n# time: x\r\n', { line: 2, column: 9, endColumn: 10 });
  assert.ok(frame !== undefined && !frame.includes('\r') && !frame.includes('\u240d'));
  assertCaretUnder(frame, 'x');
  assert.equal(parts(frame).source, '# time: x');
});

test('BOM on line 1 is not a column: caret under the right character', () => {
  const frame = codeFrame('\uFEFF# <crontab>\r\n', { line: 1, column: 3, endColumn: 12 });
  assert.ok(frame !== undefined && !frame.includes('\uFEFF'));
  assertCaretUnder(frame, '<crontab>');
  assert.equal(parts(frame).marker, '  ^~~~~~~~~');
});

test('BOM, CRLF and tabs together', () => {
  const source = '\uFEFF#\t<crontab>\r\n#\tuser:\t\troot\r\n';
  assertCaretUnder(codeFrame(source, { line: 1, column: 3 }), '<crontab>');
  assertCaretUnder(codeFrame(source, { line: 2, column: 10 }), 'root');
  // Lines already split (without normalising) give the same frame.
  assert.equal(
    codeFrame(source.split('\n'), { line: 1, column: 3 }),
    codeFrame(source, { line: 1, column: 3 }),
  );
});

test('a single caret when there is no end, an empty span, or the span is multi-line', () => {
  const source = 'abc def\nghi\n';
  assert.equal(parts(codeFrame(source, { line: 1, column: 5 })).marker, '    ^');
  assert.equal(parts(codeFrame(source, { line: 1, column: 5, endColumn: 5 })).marker, '    ^');
  assert.equal(parts(codeFrame(source, { line: 1, column: 5, endLine: 2, endColumn: 3 })).marker, '    ^');
  // endLine equal to line is a same-line span.
  assert.equal(parts(codeFrame(source, { line: 1, column: 5, endLine: 1, endColumn: 8 })).marker, '    ^~~');
});

test('columns past the end of the line are clamped', () => {
  const source = 'abc\n';
  assert.equal(parts(codeFrame(source, { line: 1, column: 2, endColumn: 40 })).marker, ' ^~');
  assert.equal(parts(codeFrame(source, { line: 1, column: 4 })).marker, '   ^', 'caret just after the last character');
  assert.equal(parts(codeFrame(source, { line: 1, column: 99 })).marker, '   ^');
});

test('no frame for a line the source does not have', () => {
  assert.equal(codeFrame('one\ntwo', { line: 3, column: 1 }), undefined);
  assert.equal(codeFrame('one', { line: 0, column: 1 }), undefined);
});

test('empty line: no trailing space after the gutter', () => {
  assert.equal(codeFrame('a\n\nb', { line: 2, column: 1 }), '2 |\n  | ^');
});

test('long lines are cut around the column, caret still aligned', () => {
  const line = 'a'.repeat(300) + 'TARGET' + 'b'.repeat(300);
  const frame = codeFrame(line, { line: 1, column: 301, endColumn: 307 });
  const { source, marker } = parts(frame);
  assert.ok(source.startsWith('…') && source.endsWith('…'), source);
  assert.ok(source.length <= 122, `shown ${source.length} columns`);
  const at = assertCaretUnder(frame, 'TARGET');
  assert.equal(marker, ' '.repeat(at) + '^~~~~~');
  // Near the start: no left ellipsis.
  const head = parts(codeFrame(line, { line: 1, column: 2 }));
  assert.ok(!head.source.startsWith('…') && head.source.endsWith('…'));
  assert.equal(head.marker, ' ^');
  // At the very end: no right ellipsis, caret under the last character.
  const tail = codeFrame(line, { line: 1, column: 606 });
  assert.ok(parts(tail).source.startsWith('…') && !parts(tail).source.endsWith('…'));
  assertCaretUnder(tail, 'b');
  // A short line is never cut.
  assert.equal(parts(codeFrame('x'.repeat(120), { line: 1, column: 120 })).source, 'x'.repeat(120));
});

test('wide characters take two columns; astral characters are two UTF-16 units', () => {
  // "日本" are 1 unit and 2 columns each; "😀" is 2 units and 2 columns.
  assert.equal(parts(codeFrame('# 日本: x', { line: 1, column: 7 })).marker, '        ^');
  assertCaretUnder(codeFrame('# 😀 y', { line: 1, column: 6 }), 'y');
});

test('control characters are shown as symbols, never sent raw', () => {
  const frame = codeFrame('a\u001b[31mb\u0007c', { line: 1, column: 7 });
  assert.ok(frame !== undefined && !frame.includes('\u001b') && !frame.includes('\u0007'));
  assert.equal(parts(frame).source, 'a\u241b[31mb\u2407c');
  assertCaretUnder(frame, 'b');
});

test('gutterWidth pads the line number; colour only when asked', () => {
  const plain = codeFrame('x', { line: 1, column: 1 }, { gutterWidth: 3 });
  assert.equal(plain, '  1 | x\n    | ^');
  const colored = codeFrame('x', { line: 1, column: 1 }, { color: true, severity: 'warning' });
  assert.equal(colored, '\u001b[2m1 |\u001b[22m x\n\u001b[2m  |\u001b[22m \u001b[33m^\u001b[39m');
  assert.ok(codeFrame('x', { line: 1, column: 1 }, { color: true })?.includes('\u001b[31m^'), 'errors are red by default');
});
