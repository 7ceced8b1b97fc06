import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FormatContext } from './format-context.js';
import { escapeData, escapeProperty, formatGithub } from './github.js';

const ctx: FormatContext = { getSource: () => undefined, color: true, toolVersion: '1.0.0' };

/**
 * Parses a workflow command line the way the Actions runner does
 * (ActionCommand.TryParseV2): "::name props::data", props split on ",", key=value
 * split on the first "="; then unescapes ("%25" last).
 */
function parseCommand(line: string): { command: string; props: Record<string, string>; data: string } {
  assert.ok(line.startsWith('::'), line);
  const end = line.indexOf('::', 2);
  assert.ok(end > 0, line);
  const head = line.slice(2, end);
  const space = head.indexOf(' ');
  const command = space < 0 ? head : head.slice(0, space);
  const props: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of head.slice(space + 1).split(',')) {
      const eq = pair.indexOf('=');
      props[pair.slice(0, eq)] = pair
        .slice(eq + 1)
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%3A/g, ':')
        .replace(/%2C/g, ',')
        .replace(/%25/g, '%');
    }
  }
  const data = line
    .slice(end + 2)
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%');
  return { command, props, data };
}

test('escapeData matches actions/toolkit: %, CR, LF only', () => {
  assert.equal(escapeData('100% done'), '100%25 done');
  assert.equal(escapeData('a\r\nb\nc'), 'a%0D%0Ab%0Ac');
  assert.equal(escapeData('key: a, b'), 'key: a, b', 'colons and commas stay in data');
  assert.equal(escapeData('%0A'), '%250A', '"%" first, so an escape-looking input survives');
});

test('escapeProperty also escapes ":" and ","', () => {
  assert.equal(escapeProperty('dir:a,b/%x\n'), 'dir%3Aa%2Cb/%25x%0A');
});

test('one command per diagnostic, exact text, sorted', () => {
  const ds: Diagnostic[] = [
    {
      code: 'CP2104',
      severity: 'warning',
      file: 'scripts/b.sh',
      line: 5,
      column: 9,
      endColumn: 10,
      message: 'params: "*" is passed literally',
    },
    {
      code: 'CP1106',
      severity: 'warning',
      file: 'scripts/a.sh',
      line: 4,
      column: 3,
      endColumn: 9,
      message: 'Unknown key "pakage"; it is ignored.',
      hint: 'Did you mean "package"?',
    },
    {
      code: 'CP1101',
      severity: 'error',
      file: 'scripts/a.sh',
      line: 3,
      column: 3,
      endLine: 5,
      endColumn: 4,
      message: '<crontab> is never closed.',
    },
  ];
  assert.equal(
    formatGithub(ds, ctx),
    [
      '::error file=scripts/a.sh,line=3,endLine=5,title=CP1101::<crontab> is never closed.',
      '::warning file=scripts/a.sh,line=4,col=3,endLine=4,endColumn=9,title=CP1106::Unknown key "pakage"; it is ignored.%0Ahint: Did you mean "package"?',
      '::warning file=scripts/b.sh,line=5,col=9,endLine=5,endColumn=10,title=CP2104::params: "*" is passed literally',
      '',
    ].join('\n'),
  );
  assert.equal(formatGithub([], ctx), '');
});

test('file names and messages with %, newlines, ":" and "," survive the round trip', () => {
  const d: Diagnostic = {
    code: 'CP1105',
    severity: 'error',
    file: 'jobs/a:b,c%d.sh',
    line: 7,
    column: 2,
    message: 'Expected "key: value", found "50%, then\r\nmore::x".',
    hint: 'Write "a: b",\nplease',
  };
  const out = formatGithub([d], ctx);
  assert.equal(out.split('\n').length, 2, 'exactly one line plus the final newline');
  const line = out.trimEnd();
  assert.ok(line.includes('file=jobs/a%3Ab%2Cc%25d.sh,'), line);
  assert.ok(line.endsWith('::Expected "key: value", found "50%25, then%0D%0Amore::x".%0Ahint: Write "a: b",%0Aplease'), line);
  const parsed = parseCommand(line);
  assert.equal(parsed.command, 'error');
  assert.deepEqual(parsed.props, { file: d.file, line: '7', col: '2', title: 'CP1105' });
  assert.equal(parsed.data, `${d.message}\nhint: ${d.hint}`);
});

test('colour setting does not matter: no escape codes', () => {
  const d: Diagnostic = { code: 'CP1104', severity: 'error', file: 'x', line: 1, column: 1, message: 'm' };
  assert.ok(!formatGithub([d], ctx).includes('\u001b'));
});
