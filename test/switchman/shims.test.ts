// The stand-ins for `async` and `underscore` that the bundle uses under node-zookeeper-client.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eachSeries, reduce, whilst } from '../../src/switchman/shims/async.js';
import { clone, defaults, shuffle } from '../../src/switchman/shims/underscore.js';

test('whilst loops while the test says so, and stops at the first error', () => {
  let n = 0;
  let done: unknown = 'not called';
  whilst((next) => next(null, n < 3), (next) => { n += 1; next(); }, (error) => (done = error));
  assert.deepEqual([n, done], [3, null]);
  let m = 0;
  whilst((next) => next(null, true), (next) => { m += 1; next(m === 2 ? new Error('boom') : null); }, (error) => (done = error));
  assert.equal((done as Error).message, 'boom');
  assert.equal(m, 2);
});

test('eachSeries visits in order, one at a time, and stops at the first error', () => {
  const seen: number[] = [];
  let result: unknown;
  eachSeries([1, 2, 3], (item, next) => { seen.push(item); next(); }, (error) => (result = error));
  assert.deepEqual([seen, result], [[1, 2, 3], null]);
  const seen2: number[] = [];
  eachSeries([1, 2, 3], (item, next) => { seen2.push(item); next(item === 2 ? 'err' : undefined); }, (error) => (result = error));
  assert.deepEqual([seen2, result], [[1, 2], 'err']);
  eachSeries([], () => assert.fail('not called'), (error) => (result = error));
  assert.equal(result, null);
});

test('reduce folds in order', () => {
  let out: unknown;
  reduce([1, 2, 3], 10, (memo: number, item: number, next) => next(null, memo + item), (_e, value) => (out = value));
  assert.equal(out, 16);
  reduce([], 5, () => assert.fail('not called'), (_e, value) => (out = value));
  assert.equal(out, 5);
});

test('clone, defaults, shuffle', () => {
  const original = { a: 1 };
  const copy = clone(original);
  copy.a = 2;
  assert.equal(original.a, 1);
  assert.deepEqual(defaults({ a: 1, b: undefined } as Record<string, unknown>, { a: 9, b: 2, c: 3 }), { a: 1, b: 2, c: 3 });
  const items = [1, 2, 3, 4, 5];
  assert.deepEqual(shuffle(items).sort(), items);
  assert.deepEqual(items, [1, 2, 3, 4, 5], 'the input is left alone');
});
