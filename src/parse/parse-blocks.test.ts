import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../diagnostics/report.js';
import type { MetadataSection } from '../model/types.js';
import { parseBlocks } from './parse-blocks.js';

function section(...texts: string[]): MetadataSection {
  return { style: 'hash', heading: { line: 1, column: 1 }, lines: texts.map((text, i) => ({ text, line: i + 2, column: 3 })) };
}
function parse(...texts: string[]) {
  const sink = new DiagnosticSink('f.sh');
  const blocks = parseBlocks('f.sh', section(...texts), sink);
  return { blocks, codes: sink.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`) };
}

test('reads fields with exact key and value spans', () => {
  const { blocks, codes } = parse('<crontab>', '  package:  s1  ', 'time: */2 * * * *', '</crontab>');
  assert.deepEqual(codes, []);
  const pkg = blocks[0]!.fields.package!;
  assert.equal(pkg.value, 's1');
  assert.deepEqual(pkg.keySpan, { line: 3, column: 5, endLine: 3, endColumn: 12 });
  assert.deepEqual(pkg.valueSpan, { line: 3, column: 15, endLine: 3, endColumn: 17 });
  assert.equal(blocks[0]!.fields.time!.value, '*/2 * * * *');
});

test('structure errors at the exact line', () => {
  assert.deepEqual(parse('</crontab>').codes, ['CP1102@2:3']);
  assert.deepEqual(parse('<crontab>', 'package: a', 'time: 1 * * * *').codes, ['CP1101@2:3']);
  assert.deepEqual(parse('<crontab>', '</crontab>').codes, ['CP1104@2:3']);
  assert.deepEqual(parse('<crontab>', 'package: a', '<crontab>', 'time: 1 * * * *', '</crontab>').codes, ['CP1103@4:3', 'CP1108@2:3', 'CP1108@4:3']);
  assert.deepEqual(parse('prose only').codes, ['CP1110@1:1']);
  assert.deepEqual(parse('package: a').codes, ['CP1111@2:3', 'CP1110@1:1']);
});

test('key errors: unknown (with a suggestion), duplicate, missing, empty, malformed', () => {
  const { blocks, codes } = parse('<crontab>', 'pakage: a', 'package: a', 'package: b', 'time: 1 * * * *', 'no colon here', '</crontab>');
  assert.deepEqual(codes, ['CP1106@3:3', 'CP1107@5:3', 'CP1105@7:3']);
  assert.equal(blocks[0]!.fields.package!.value, 'a', 'the first of two duplicate keys is kept');
  assert.deepEqual(parse('<crontab>', 'time: 1 * * * *', '</crontab>').codes, ['CP1108@2:3']);
  const empty = parse('<crontab>', 'package:', 'time: 1 * * * *', '</crontab>');
  assert.deepEqual(empty.codes, ['CP1109@3:3']);
  assert.equal(empty.blocks.length, 0, 'a block with an empty required key yields no job');
  assert.deepEqual(parse('<crontab>', 'package: a', 'time: 1 * * * *', 'params:', '</crontab>').codes, [], 'empty params is fine');
});

test('the did-you-mean hint names the closest key', () => {
  const sink = new DiagnosticSink('f.sh');
  parseBlocks('f.sh', section('<crontab>', 'Time: 1', 'colour: x', '</crontab>'), sink);
  assert.deepEqual(sink.diagnostics.map((d) => d.hint), ['Did you mean "time"?', 'Known keys: package, time, params, user, lease.', 'Add a line like "package: scripts1" (the cron package this job belongs to).', 'Add a line like "time: */5 * * * *" (a Debian cron schedule).']);
});
