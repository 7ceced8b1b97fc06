import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { splitShellWords } from './shell-words.js';
import { shellQuote } from '../render/shell-quote.js';
import { prng } from '../../test/support/prng.js';
import { requireTool } from '../../test/support/require-tool.js';

const words = (text: string): string[] => splitShellWords(text).words.map((w) => w.value);
const kinds = (text: string): string[] => splitShellWords(text).problems.map((p) => p.kind);

test('splits on blanks and removes quotes like a POSIX shell', () => {
  assert.deepEqual(words('  --a  1\t--b '), ['--a', '1', '--b']);
  assert.deepEqual(words(`--title 'Sales report: 100%' "x y" a\\ b ''`), ['--title', 'Sales report: 100%', 'x y', 'a b', '']);
  assert.deepEqual(words(`"a\\"b" "\\$x" 'it'\\''s'`), ['a"b', '$x', "it's"]);
  assert.deepEqual(kinds(`'$HOME; \`x\`' "100%" 'a|b'`), []);
});

test('keeps offsets of each word', () => {
  const { words: w } = splitShellWords(`--a "b c" d`);
  assert.deepEqual(w.map((x) => [x.start, x.end]), [[0, 3], [4, 9], [10, 11]]);
});

test('reports shell syntax that would not reach the script as written', () => {
  for (const [text, syntax, shown] of [
    ['a; b', ';', ';'], ['a && b', '&', '&'], ['a | b', '|', '|'], ['a > f', '>', '>'], ['a < f', '<', '<'], ['(a)', '(', '('],
    ['$(id)', 'substitution', '$(id)'], ['"$(id)"', 'substitution', '$(id)'], ['`id`', 'substitution', '`id`'], ['"`id`"', 'substitution', '`id`'],
    ['$HOME', 'expansion', '$HOME'], ['"${HOME}"', 'expansion', '${HOME}'], ['$1', 'expansion', '$1'], ['#c', 'comment', '#c'], ['a\\', 'trailingBackslash', '\\'],
  ] as const) {
    const problems = splitShellWords(text).problems.filter((p) => p.kind === 'syntax');
    assert.ok(problems.length > 0, `no problem for ${text}`);
    const first = problems[0]!;
    assert.deepEqual(first.kind === 'syntax' && [first.syntax, first.text], [syntax, shown], text);
  }
  assert.deepEqual(kinds(`'open`), ['unterminated']);
  assert.deepEqual(kinds(`"open`), ['unterminated']);
  assert.deepEqual(kinds('a\u0000b'), ['control']);
  assert.deepEqual(kinds('a\rb'), ['control']);
  assert.deepEqual(kinds('a$ b$'), [], 'a $ that starts no expansion is literal in POSIX sh');
  assert.deepEqual(kinds('*.log ~/x a~b'), ['glob', 'glob']);
});


test('no params value can inject: whatever is accepted reaches the program word for word through sh', () => {
  const alphabet = ['a', 'b', ' ', '\t', "'", '"', '\\', '$', '`', ';', '|', '&', '>', '<', '(', ')', '#', '%', '*', '~', '\n', '{', '}', '!', 'é', 'x', '=', '-'];
  const random = prng(42);
  const accepted: string[][] = [];
  for (let n = 0; n < 3000; n++) {
    const length = 1 + Math.floor(random() * 12);
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]!;
    const { words: w, problems } = splitShellWords(text);
    if (problems.some((p) => p.kind !== 'glob')) continue;
    accepted.push(w.map((x) => x.value));
  }
  assert.ok(accepted.length > 300, `too few accepted samples: ${accepted.length}`);
  // One sh run for all samples: each line prints its argv NUL-separated, samples separated by a record byte.
  const script = accepted.map((ws) => `printf '%s\\0' ${ws.map(shellQuote).join(' ')}; printf '\\036'`).join('\n');
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  const got = out.split('\u001e').slice(0, -1).map((record) => (record === '' ? [] : record.slice(0, -1).split('\0')));
  // printf with no words still prints one empty field; normalise that case.
  accepted.forEach((expected, i) => {
    const actual = expected.length === 0 ? [] : got[i];
    assert.deepEqual(actual, expected, `sample ${i}`);
  });
});

test("differential: what splitShellWords accepts, dash itself splits into the same words", (t) => {
  if (!requireTool(t, existsSync('/bin/dash'), "dash (Debian's /bin/sh)")) return;
  const alphabet = ['a', 'b', ' ', ' ', '\t', "'", "'", '"', '"', '\\', '\\', '$', '`', ';', '|', '#', '%', '*', '?', '[', ']', '~', '{', '}', '!', 'é', '=', '-', ':', '@'];
  const random = prng(0xda54);
  const accepted: { text: string; words: string[] }[] = [];
  for (let n = 0; n < 6000 && accepted.length < 1500; n++) {
    const length = 1 + Math.floor(random() * 14);
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]!;
    const { words, problems } = splitShellWords(text);
    // Globs and a leading tilde are warnings: the words reach the script literally, where a shell
    // would expand them. dash runs with globbing off (set -f); a tilde it would still expand, so
    // those samples are left out (the warning is checked at the end).
    if (problems.some((p) => p.kind !== 'glob' || p.glob === 'tilde')) continue;
    accepted.push({ text, words: words.map((w) => w.value) });
  }
  assert.ok(accepted.length > 500, `too few accepted samples: ${accepted.length}`);
  // The raw texts, as written, on one dash command line each: dash's own parser splits them.
  const script = ['set -f', ...accepted.map(({ text }) => `set -- ${text}; for w in "$@"; do printf '%s\\0' "$w"; done; printf '\\036'`)].join('\n');
  const out = execFileSync('/bin/dash', ['-c', script], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent-home' } });
  const got = out.split('\u001e').slice(0, -1).map((record) => (record === '' ? [] : record.slice(0, -1).split('\0')));
  assert.equal(got.length, accepted.length);
  accepted.forEach(({ text, words }, i) => assert.deepEqual(got[i], words, `params ${JSON.stringify(text)}`));
  assert.deepEqual(splitShellWords('--dir ~/x').problems.map((p) => p.kind === 'glob' && p.glob), ['tilde']);
});
