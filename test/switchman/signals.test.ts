import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { installStopSignals } from '../../src/switchman/signals.js';
import type { SignalSource } from '../../src/switchman/signals.js';

test('stop signals are counted, and the handlers can be removed', () => {
  const source = new EventEmitter();
  const seen: string[] = [];
  const uninstall = installStopSignals((signal, count) => seen.push(`${signal}#${count}`), source as unknown as SignalSource);
  source.emit('SIGUSR1');
  source.emit('SIGTERM');
  assert.deepEqual(seen, ['SIGUSR1#1', 'SIGTERM#2']);
  uninstall();
  source.emit('SIGINT');
  assert.equal(seen.length, 2);
  assert.equal(source.listenerCount('SIGHUP'), 0);
});

test('signals kept by the prologue are delivered first, in order, then the next ones', () => {
  const early = { received: ['SIGUSR1', 'SIGTERM'] as ('SIGUSR1' | 'SIGTERM')[], deliver: undefined as ((s: 'SIGUSR1' | 'SIGTERM' | 'SIGINT' | 'SIGHUP') => void) | undefined };
  const source = new EventEmitter();
  const seen: string[] = [];
  const uninstall = installStopSignals((signal, count) => seen.push(`${signal}#${count}`), source as unknown as SignalSource, early);
  assert.deepEqual(seen, ['SIGUSR1#1', 'SIGTERM#2']);
  assert.equal(early.received.length, 0);
  early.deliver?.('SIGINT');
  assert.deepEqual(seen, ['SIGUSR1#1', 'SIGTERM#2', 'SIGINT#3']);
  // The prologue's listeners do the listening: none were added to the source.
  assert.equal(source.listenerCount('SIGUSR1'), 0);
  uninstall();
  assert.equal(early.deliver, undefined);
});
