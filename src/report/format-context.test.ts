import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shouldUseColor } from './format-context.js';

test('shouldUseColor: a TTY decides when nothing is set', () => {
  assert.equal(shouldUseColor({ isTTY: true, env: {} }), true);
  assert.equal(shouldUseColor({ isTTY: false, env: {} }), false);
  assert.equal(shouldUseColor({ isTTY: undefined, env: {} }), false, 'pipes report isTTY undefined');
});

test('shouldUseColor: NO_COLOR with a value turns colour off; empty NO_COLOR is ignored', () => {
  assert.equal(shouldUseColor({ isTTY: true, env: { NO_COLOR: '1' } }), false);
  assert.equal(shouldUseColor({ isTTY: true, env: { NO_COLOR: 'anything' } }), false);
  assert.equal(shouldUseColor({ isTTY: true, env: { NO_COLOR: '' } }), true);
  assert.equal(shouldUseColor({ isTTY: false, env: { NO_COLOR: '' } }), false);
});

test('shouldUseColor: FORCE_COLOR wins over NO_COLOR and the TTY', () => {
  assert.equal(shouldUseColor({ isTTY: false, env: { FORCE_COLOR: '1' } }), true);
  assert.equal(shouldUseColor({ isTTY: false, env: { FORCE_COLOR: '' } }), true, 'set but empty still forces');
  assert.equal(shouldUseColor({ isTTY: false, env: { FORCE_COLOR: '3', NO_COLOR: '1' } }), true);
});

test('shouldUseColor: FORCE_COLOR=0 or false forces colour off, even on a TTY', () => {
  assert.equal(shouldUseColor({ isTTY: true, env: { FORCE_COLOR: '0' } }), false);
  assert.equal(shouldUseColor({ isTTY: true, env: { FORCE_COLOR: 'false' } }), false);
  assert.equal(shouldUseColor({ isTTY: false, env: { FORCE_COLOR: '0' } }), false);
});
