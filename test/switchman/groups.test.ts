import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_WARNINGS, checkPermission, judgeGroup, parseGroupsDocument, perlNumberString, resolveGroupHosts } from '../../src/switchman/groups.js';
import type { Groups } from '../../src/switchman/groups.js';

function groups(doc: unknown): Groups {
  const parsed = parseGroupsDocument(JSON.stringify(doc));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.groups;
}

function hostsOf(g: Groups, name: string): string[] {
  const resolved = resolveGroupHosts(g, name);
  assert.ok(resolved.ok, resolved.ok ? '' : resolved.detail);
  return [...resolved.hosts].sort();
}

test('a group may be one host or a list of hosts', () => {
  const g = groups({ groups: { one: 'box1', many: ['box1', 'box2'] } });
  assert.deepEqual(hostsOf(g, 'one'), ['box1']);
  assert.equal(checkPermission(g, 'many', 'box2'), 'allowed');
  assert.equal(checkPermission(g, 'one', 'box2'), 'not-in-group');
});

test('hosts match the FQDN exactly', () => {
  const g = groups({ groups: { g: ['box1.example.com'] } });
  assert.equal(checkPermission(g, 'g', 'box1.example.com'), 'allowed');
  assert.equal(checkPermission(g, 'g', 'box1'), 'not-in-group');
  assert.equal(checkPermission(g, 'g', 'BOX1.example.com'), 'not-in-group');
});

test('an entry naming another group is a subgroup, followed recursively', () => {
  const g = groups({ groups: { top: ['mid', 'box0'], mid: ['leaf'], leaf: 'box9' } });
  assert.deepEqual(hostsOf(g, 'top'), ['box0', 'box9']);
  assert.equal(checkPermission(g, 'top', 'box9'), 'allowed');
  assert.equal(checkPermission(g, 'mid', 'box0'), 'not-in-group');
});

test('cycles between groups terminate and keep every host reachable', () => {
  const g = groups({ groups: { a: ['b', 'boxA'], b: ['c', 'boxB'], c: ['a', 'boxC'], self: ['self'] } });
  for (const name of ['a', 'b', 'c']) assert.deepEqual(hostsOf(g, name), ['boxA', 'boxB', 'boxC']);
  assert.deepEqual(hostsOf(g, 'self'), []);
});

test('a chain of 100,000 subgroups resolves without recursion', () => {
  const chain: Record<string, string[]> = {};
  const n = 100_000;
  for (let i = 0; i < n; i++) chain[`g${i}`] = [`g${i + 1}`];
  chain[`g${n}`] = ['deep.example'];
  assert.equal(checkPermission(groups({ groups: chain }), 'g0', 'deep.example'), 'allowed');
});

test('an unknown group is reported as such, not as "not in group"', () => {
  const g = groups({ groups: { a: 'box1' } });
  const resolved = resolveGroupHosts(g, 'b');
  assert.ok(!resolved.ok);
  assert.equal(resolved.error, 'unknown-group');
  assert.equal(checkPermission(g, 'b', 'box1'), 'unknown-group');
  assert.equal(checkPermission(groups({}), 'a', 'box1'), 'unknown-group');
  // Map lookups, not object ones: Object.prototype's names are no groups.
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) assert.equal(checkPermission(g, name, 'box1'), 'unknown-group', name);
});

test('a broken document is rejected with a reason; a broken entry elsewhere is only a warning', () => {
  for (const text of ['{', '[]', '"x"', '5', 'null', '{"groups": []}', '{"groups": "vm1"}', '{"groups": 0}']) {
    const parsed = parseGroupsDocument(text);
    assert.equal(parsed.ok, false, text);
  }
  const parsed = parseGroupsDocument('{"groups": {"g": "vm1", "h": 5, "i": ["vm2", 1, null]}}');
  assert.ok(parsed.ok);
  assert.equal(parsed.warnings.length, 3, parsed.warnings.join('\n'));
  assert.match(parsed.warnings[0]!, /^group "h" must be a host name or a list of names, not the number 5/);
  assert.match(parsed.warnings[1]!, /^group "i": entry 2 is the number 1, read as the name "1"$/);
  assert.match(parsed.warnings[2]!, /^group "i": entry 3 is null, read as the name ""$/);
  const verdict = judgeGroup(parsed.groups, 'g', 'vm1');
  assert.deepEqual(verdict, { permission: 'allowed', warnings: [] }, 'the warnings of other groups are not the job\'s');
  assert.deepEqual(judgeGroup(parsed.groups, 'i', 'vm2').warnings, parsed.warnings.slice(1));
});

test('the asked group malformed: malformed-group with a reason, which checkPermission reports as unknown-group (exit 78)', () => {
  const g = groups({ groups: { num: 5, obj: { a: 1 }, empty: '', nul: null, zero: '0', top: ['vm1', 'nul'] } });
  for (const [name, pattern] of [
    ['num', /^group "num" must be a host name or a list of names, not the number 5/],
    ['obj', /^group "obj" must be a host name or a list of names, not an object/],
    ['empty', /^group "empty" is an empty string: not described$/],
    ['nul', /^group "nul" is null: not described$/],
    ['zero', /^group "zero" is "0": not described$/],
    ['top', /^subgroup "nul" of group "top" is null: not described$/],
  ] as const) {
    const verdict = judgeGroup(g, name, 'vm1');
    assert.equal(verdict.permission, 'malformed-group', name);
    assert.match(verdict.error ?? '', pattern);
    assert.equal(checkPermission(g, name, 'vm1'), 'unknown-group', name);
  }
});

test('warnings are capped: a list of 200,000 bad entries gives MAX_WARNINGS lines and a count', () => {
  const parsed = parseGroupsDocument(JSON.stringify({ groups: { g: ['vm1', ...Array.from({ length: 200_000 }, () => 7)], h: 5 } }));
  assert.ok(parsed.ok);
  assert.equal(parsed.warnings.length, MAX_WARNINGS);
  assert.equal(parsed.warnings.at(-1), `and ${200_001 - (MAX_WARNINGS - 1)} more problems in the groups document`);
  const verdict = judgeGroup(parsed.groups, 'g', 'vm1');
  assert.equal(verdict.permission, 'allowed');
  assert.equal(verdict.warnings.at(-1), `and ${200_000 - (MAX_WARNINGS - 1)} more problems in the groups document`);
});

test('names and messages are one short line whatever the document holds', () => {
  const long = 'x'.repeat(10_000);
  const parsed = parseGroupsDocument(JSON.stringify({ groups: { [`${long}\n\u001b[31m`]: 5 } }));
  assert.ok(parsed.ok);
  assert.equal(parsed.warnings.length, 1);
  assert.ok(parsed.warnings[0]!.length < 200, parsed.warnings[0]);
  assert.doesNotMatch(parsed.warnings[0]!, /[\n\u001b]/);
  const bad = parseGroupsDocument('{"groups": {"g": \u0001}}');
  assert.ok(!bad.ok);
  assert.doesNotMatch(bad.error, /[\u0000-\u001f]/);
});

test('numbers are read as the names Perl prints for them', () => {
  const cases: Array<[number, string]> = [
    [7, '7'],
    [-0, '0'],
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1e-7, '1e-07'],
    [1e21, '1e+21'],
    [1e16, '10000000000000000'],
    [3.14159265358979323, '3.14159265358979'],
    [0.000123, '0.000123'],
  ];
  for (const [n, text] of cases) assert.equal(perlNumberString(n), text, String(n));
});
