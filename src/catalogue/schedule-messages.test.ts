import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleHashIds, scheduleMessages, scheduleMisreadIds, schedulePhrase, schedulePhrases } from './schedule-messages.js';
import { messages } from './messages.js';

test('schedule codes are CP24xx, unique, and not used elsewhere in the catalogue', () => {
  const codes = Object.values(scheduleMessages).map((m) => m.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.match(code, /^CP24\d\d$/);
  const all = Object.values(messages).map((m) => m.code);
  assert.equal(new Set(all).size, all.length, 'codes unique across the whole catalogue');
  for (const id of Object.keys(scheduleMessages)) assert.ok(id in messages, `${id} is merged into the catalogue`);
});

test('every schedule message has a title, text and a hint saying what Debian does (or, for H, how to write it)', () => {
  for (const [id, m] of Object.entries(scheduleMessages)) {
    assert.match(id, /^[a-z][a-zA-Z]+$/, 'camelCase id');
    assert.ok(m.title.length > 0 && m.text.length > 0, id);
    assert.ok('hint' in m && m.hint.length > 0, `${id} has a hint`);
    if (scheduleHashIds.has(id as keyof typeof scheduleMessages)) assert.match(m.hint, /H/, `${id}: the hint shows H`);
    else assert.match(m.hint, /Debian/, `${id}: the hint says what Debian does`);
  }
});

test('three families: Debian rejects (below CP2420), Debian misreads (CP2420-CP2429), H unreadable (CP2430 on)', () => {
  for (const [id, m] of Object.entries(scheduleMessages)) {
    const misread = scheduleMisreadIds.has(id as keyof typeof scheduleMessages);
    const hash = scheduleHashIds.has(id as keyof typeof scheduleMessages);
    if (!misread) assert.equal(m.severity, 'error', id);
    const code = Number(m.code.slice(2));
    if (misread) assert.ok(code >= 2420 && code < 2430, `${id}: misread codes are CP2420-CP2429`);
    else if (hash) assert.ok(code >= 2430, `${id}: H codes start at CP2430`);
    else assert.ok(code < 2420, `${id}: rejection codes are below CP2420`);
  }
});

test('schedule phrases: filled from their values, and a missing value is a bug, not a "{name}" in a message', () => {
  for (const [id, text] of Object.entries(schedulePhrases)) {
    assert.match(id, /^[a-z][a-zA-Z]+$/, 'camelCase id');
    assert.ok(text.length > 0, id);
  }
  assert.equal(schedulePhrase('adviceValue', { min: 0, max: 59 }), 'Write a number from 0 to 59 or "*".');
  assert.throws(() => schedulePhrase('adviceValue', { min: 0 }), /needs "max"/);
});
