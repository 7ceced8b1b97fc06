import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { leaseMacros, memTotalMb } from './lease-macros.js';
import { evaluateLeaseExpression } from '../../contract/lease-expression.js';
import { expandLeaseMacros, parseLease, parseLeases } from '../../contract/lease-option.js';
import { orderLeases } from './order-leases.js';
import { parseGroupsDocument } from '../groups.js';

const macros = { CPU: 8, FQDN: 'box1.example.com', MEMMB: 15875 };

test("the original's examples give the original's numbers", () => {
  // README of App::Switchman: --lease FQDN_mem='4:int(MEMMB/1024)'
  assert.deepEqual(parseLease('FQDN_mem=4:int(MEMMB/1024)', macros), { resource: 'box1.example.com_mem', count: 4, total: 15 });
  assert.deepEqual(parseLease('FQDN_cpu=1:CPU', macros), { resource: 'box1.example.com_cpu', count: 1, total: 8 });
  assert.deepEqual(parseLease('restart=1:1', macros), { resource: 'restart', count: 1, total: 1 });
});

test('arithmetic as Perl evaluates it: exact division, int() toward zero, precedence, unary minus', () => {
  for (const [text, value] of [
    ['7/2', 3.5], ['int(7/2)', 3], ['int(-7/2)', -3], ['2+3*4', 14], ['(2+3)*4', 20], ['10-2-3', 5], ['-3', -3], ['- -3', 3],
    ['int(CPU/2)'.replace('CPU', '8'), 4], [' 1 + 2 ', 3], ['int(15875/1024)+1', 16], ['2*-3', -6],
  ] as const) {
    assert.equal(evaluateLeaseExpression(text), value, text);
  }
});

test('macros are replaced in one pass, wherever they are', () => {
  assert.equal(expandLeaseMacros('FQDN-CPU-MEMMB', macros), 'box1.example.com-8-15875');
  // A value that happens to contain a macro name is not read again.
  assert.equal(expandLeaseMacros('FQDN', { ...macros, FQDN: 'CPU.example.com' }), 'CPU.example.com');
});

test('anything but the grammar is refused with a message, never run', () => {
  for (const [option, message] of [
    ['r=system("id"):1', /COUNT .*: unknown name "system" .*at character 1/],
    ['r=1:`id`', /TOTAL "`id`": unexpected "`"/],
    ['r=1:int(MEMMB/1024', /TOTAL "int\(15875\/1024": expected "\)"/],
    ['r=1:3.5', /unexpected "\."/],
    ['r=1:7/2', /TOTAL "7\/2" is 3\.5, not a whole number \(use int\(\)\)/],
    ['r=1:1/0', /division by zero/],
    ['r=1:-1', /TOTAL is -1; it cannot be negative/],
    ['r=1:', /TOTAL "": it is empty/],
    ['r=1', /found no ":"/],
    ['=1:1', /expected RESOURCE=COUNT:TOTAL/],
    ['r=1:2 3', /unexpected "3"/],
  ] as const) {
    const parsed = parseLease(option, macros);
    assert.ok('reason' in parsed, option);
    assert.match(parsed.reason, message, option);
  }
  // A negative COUNT is allowed: it adds to what the others may take.
  assert.deepEqual(parseLease('r=-2:4', macros), { resource: 'r', count: -2, total: 4 });
});

test('a repeated resource: the last one counts; the first refusal stops', () => {
  const leases = parseLeases(['a=1:2', 'b=1:1', 'a=2:2'], macros);
  assert.ok(leases instanceof Map);
  assert.deepEqual([...leases.values()], [{ resource: 'a', count: 2, total: 2 }, { resource: 'b', count: 1, total: 1 }]);
  assert.deepEqual(parseLeases(['a=1:2', 'b=x:1'], macros), { option: 'b=x:1', reason: 'COUNT "x": unknown name "x" (known: CPU, FQDN, MEMMB and int()) (at character 1)', syntax: true });
});

test("what only this box's values make wrong is told apart from a wrong text; a resource is one node name", () => {
  assert.deepEqual(parseLease('r=1:1/(CPU-8)', macros), { option: 'r=1:1/(CPU-8)', reason: 'TOTAL "1/(8-8)": division by zero (at character 2)', syntax: false });
  assert.equal((parseLease('r=CPU/3:8', macros) as { syntax: boolean }).syntax, false);
  for (const resource of ['a/b', '..', '.', 'x\u0001']) assert.match((parseLease(`${resource}=1:2`, macros) as { reason: string }).reason, /RESOURCE must be one ZooKeeper node name/);
  assert.deepEqual(parseLease('FQDN.cpu=1:CPU', macros), { resource: 'box1.example.com.cpu', count: 1, total: 8 });
  // A small box: 16 GB asked of 15; it would wait for ever.
  assert.deepEqual(parseLease('mem=16:int(MEMMB/1024)', macros), { option: 'mem=16:int(MEMMB/1024)', reason: 'COUNT 16 is more than TOTAL 15 on this box: it could never be granted', syntax: false });
});

test("this box's macros: MEMMB from /proc/meminfo's MemTotal, CPU the processor count", () => {
  assert.equal(memTotalMb('MemTotal:       16256112 kB\nMemFree: 1 kB\n'), 15875);
  assert.equal(memTotalMb('MemFree: 1 kB\n'), undefined);
  const here = leaseMacros('box1.example.com');
  assert.ok(!('error' in here));
  assert.equal(here.MEMMB, memTotalMb(readFileSync('/proc/meminfo', 'utf8')));
  assert.equal(here.CPU, cpus().length);
  assert.deepEqual(leaseMacros('b', () => 'nothing'), { error: 'no MemTotal in /proc/meminfo for MEMMB' });
});

test("leases are taken in the order of the prefix's resources list, macros replaced; unknown ones are refused", () => {
  const leases = parseLeases(['b=1:1', 'FQDN_mem=1:2', 'a=1:3'], macros);
  assert.ok(leases instanceof Map);
  const ordered = orderLeases(leases, ['a', 'FQDN_mem', 'unused', 'b', 'a'], macros);
  assert.deepEqual('ordered' in ordered && ordered.ordered.map((l) => l.resource), ['a', 'box1.example.com_mem', 'b']);
  assert.deepEqual(orderLeases(leases, ['a'], macros), { unknown: ['b', 'box1.example.com_mem'] });
});

test('the groups document gives its resources list: strings, numbers as Perl prints them, the rest a warning', () => {
  const parsed = parseGroupsDocument(JSON.stringify({ groups: { g: 'h' }, resources: ['FQDN_mem', 7, { x: 1 }, '', 'restart'] }));
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.resources, ['FQDN_mem', '7', 'restart']);
  assert.equal(parsed.warnings.filter((w) => w.startsWith('"resources" entry')).length, 2);
  const none = parseGroupsDocument(JSON.stringify({ groups: {} }));
  assert.deepEqual(none.ok && none.resources, []);
});
