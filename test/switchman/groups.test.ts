import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPermission, parseGroupsDocument, resolveGroupHosts } from '../../src/switchman/groups.js';
import type { Groups } from '../../src/switchman/groups.js';

function groups(doc: unknown): Groups {
  const parsed = parseGroupsDocument(JSON.stringify(doc));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.groups;
}

test('a group may be one host or a list of hosts', () => {
  const g = groups({ groups: { one: 'box1', many: ['box1', 'box2'] } });
  const one = resolveGroupHosts(g, 'one');
  assert.ok(one.ok);
  assert.deepEqual([...one.hosts], ['box1']);
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
  const resolved = resolveGroupHosts(g, 'top');
  assert.ok(resolved.ok);
  assert.deepEqual([...resolved.hosts].sort(), ['box0', 'box9']);
  assert.equal(checkPermission(g, 'top', 'box9'), 'allowed');
  assert.equal(checkPermission(g, 'mid', 'box0'), 'not-in-group');
});

test('cycles between groups terminate and keep every host reachable', () => {
  const g = groups({ groups: { a: ['b', 'boxA'], b: ['c', 'boxB'], c: ['a', 'boxC'], self: ['self'] } });
  for (const name of ['a', 'b', 'c']) {
    const resolved = resolveGroupHosts(g, name);
    assert.ok(resolved.ok);
    assert.deepEqual([...resolved.hosts].sort(), ['boxA', 'boxB', 'boxC']);
  }
  const self = resolveGroupHosts(g, 'self');
  assert.ok(self.ok);
  assert.equal(self.hosts.size, 0);
});

test('an unknown group is reported as such, not as "not in group"', () => {
  const g = groups({ groups: { a: 'box1' } });
  assert.deepEqual(resolveGroupHosts(g, 'b'), { ok: false, error: 'unknown-group' });
  assert.equal(checkPermission(g, 'b', 'box1'), 'unknown-group');
  assert.equal(checkPermission(groups({}), 'a', 'box1'), 'unknown-group');
});

test('malformed group documents are rejected with a reason', () => {
  assert.equal(parseGroupsDocument('{').ok, false);
  assert.equal(parseGroupsDocument('[]').ok, false);
  assert.equal(parseGroupsDocument('{"groups": []}').ok, false);
  const bad = parseGroupsDocument('{"groups": {"g": 5}}');
  assert.ok(!bad.ok);
  assert.match(bad.error, /group "g"/);
  assert.equal(parseGroupsDocument('{"groups": {"g": ["a", 1]}}').ok, false);
});
