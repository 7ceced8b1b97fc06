import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage, extractSections, scriptLines, splitSourceLines } from './index.js';
import { splitSourceLinesFrom } from './source-lines.js';
import type { MetadataSection } from '../model/types.js';

/** The character at a section line's column, looked up in the original lines. */
const charAt = (lines: string[], line: number, column: number): string => lines[line - 1]![column - 1]!;
const texts = (section: MetadataSection | undefined): string[] => (section?.lines ?? []).map((l) => l.text.trim()).filter(Boolean);

test('splitSourceLines drops a BOM and the CR of CRLF, keeps a lone CR', () => {
  assert.deepEqual(splitSourceLines('\uFEFFa\r\nb\nc\rd'), ['a', 'b', 'c\rd']);
});

test('splitSourceLinesFrom: the lines of splitSourceLines, those between line 1 and the first with the word left empty', () => {
  const samples = ['', 'METADATA', 'a\nMETADATA', '#!x\nb\nc\n# METADATA\nd\n', '\uFEFF#!x\r\nb\r\n# METADATA\r\nd\r\n', 'a\nb\nc', '\n\nMETADATA', 'a\r\nb\rc\nx METADATA\r'];
  for (const text of samples) {
    const whole = splitSourceLines(text);
    const first = whole.findIndex((line) => line.includes('METADATA'));
    const expected = whole.map((line, i) => (i > 0 && i < first ? '' : line));
    assert.deepEqual(splitSourceLinesFrom(text, 'METADATA'), expected, JSON.stringify(text));
  }
});

test('scriptLines splits whole a file whose block comments could start before its METADATA', () => {
  const js = 'const s = `\n/* METADATA\n`;\n// METADATA\n// <crontab>';
  assert.deepEqual(scriptLines('x.js', js), { language: 'javascript', lines: splitSourceLines(js) });
  assert.deepEqual(scriptLines('x.sh', '#!/bin/sh\necho /*\n# METADATA'), { language: 'shell', lines: ['#!/bin/sh', '', '# METADATA'] });
  assert.deepEqual(scriptLines('README', 'text\nMETADATA'), { language: undefined, lines: ['text', 'METADATA'] });
});

test('detectLanguage by extension, then shebang (also through env -S)', () => {
  assert.equal(detectLanguage('x.PL', ''), 'perl');
  assert.equal(detectLanguage('x.mts', ''), 'typescript');
  assert.equal(detectLanguage('bin/run', '#!/bin/bash -e'), 'shell');
  assert.equal(detectLanguage('bin/run', '#!/usr/bin/env -S python3 -u'), 'python');
  assert.equal(detectLanguage('bin/run', '#!/usr/bin/env node'), 'javascript');
  assert.equal(detectLanguage('bin/run', '#!/usr/bin/env tsx'), 'typescript');
  assert.equal(detectLanguage('README', 'hello'), undefined);
});

test('POD sections end at =cut or the next =head1, also after __END__', () => {
  const lines = ['print 1;', '__END__', '=head1 METADATA', '', '<crontab>', 'package: a', '</crontab>', '=head1 AUTHOR', 'me', '=head1 METADATA', 'x', '=cut', 'y'];
  const sections = extractSections(lines, 'perl');
  assert.equal(sections.length, 2);
  assert.deepEqual(texts(sections[0]), ['<crontab>', 'package: a', '</crontab>']);
  assert.deepEqual(texts(sections[1]), ['x']);
  assert.deepEqual(sections[0]!.heading, { line: 3, column: 1, endLine: 3, endColumn: 16 });
});

test('# and // comment runs starting with METADATA; the shebang is not a comment', () => {
  const sh = ['#!/bin/sh', '# METADATA', '#  <crontab>', '#\tpackage: a', 'echo', '# <crontab>'];
  const [section, ...rest] = extractSections(sh, 'shell');
  assert.equal(rest.length, 0);
  assert.deepEqual(texts(section), ['<crontab>', 'package: a']);
  const key = section!.lines[1]!;
  assert.equal(charAt(sh, key.line, key.column + key.text.indexOf('package')), 'p');
  const js = ['// intro', '//', '// METADATA', '//   <crontab>', 'code();'];
  assert.deepEqual(texts(extractSections(js, 'javascript')[0]), ['<crontab>']);
});

test('/* */ and /** */ comments, with columns through gutters and tabs', () => {
  const js = [
    'const s = "/* not a comment";',
    '\t/**',
    '\t * METADATA',
    '\t *   <crontab>',
    '\t *\tpackage: a',
    '\t */',
    'x(); /* METADATA',
    '   time: 1 2 * * * */',
  ];
  const [doc, plain] = extractSections(js, 'javascript');
  assert.equal(doc!.style, 'jsdoc');
  assert.deepEqual(texts(doc), ['<crontab>', 'package: a']);
  const pkg = doc!.lines.find((l) => l.text.includes('package'))!;
  assert.equal(charAt(js, pkg.line, pkg.column + pkg.text.indexOf('package')), 'p');
  assert.equal(plain!.style, 'block');
  assert.deepEqual(texts(plain), ['time: 1 2 * * *']);
  assert.equal(plain!.closedEarlyAt, undefined);
});

test('a */ inside a schedule closes the comment, and is recorded', () => {
  const js = ['/* METADATA', ' <crontab>', ' time: */5 * * * *', ' </crontab>', '*/'];
  const [section] = extractSections(js, 'javascript');
  assert.deepEqual(section!.closedEarlyAt, { line: 3, column: 8, endLine: 3, endColumn: 10 });
});
