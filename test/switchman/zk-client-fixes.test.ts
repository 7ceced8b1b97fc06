// The patch over node-zookeeper-client's ConnectionManager, on the library's real class: a reply
// glued to the leftovers of a closed connection used to throw out of the socket's data handler
// (an uncaught exception: switchman died with exit 1 when ZooKeeper restarted mid-run).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import zookeeper from 'node-zookeeper-client';
import { hardenClient } from '../../src/switchman/zk-client-fixes.js';
import type { ConnectionManagerInternals } from '../../src/switchman/zk-client-fixes.js';

/** A ReplyHeader frame for xid 1 with this error code. */
function reply(err: number): Buffer {
  const frame = Buffer.alloc(4 + 16);
  frame.writeInt32BE(16, 0);
  frame.writeInt32BE(1, 4);
  frame.writeBigInt64BE(0n, 8);
  frame.writeInt32BE(err, 16);
  return frame;
}

function connectedManager(harden: boolean): ConnectionManagerInternals & { state: number; pendingQueue: unknown[] } {
  const client = zookeeper.createClient('127.0.0.1:1', { sessionTimeout: 4000 });
  if (harden) hardenClient(client);
  const manager = (client as unknown as { connectionManager: ConnectionManagerInternals & { state: number; pendingQueue: unknown[] } }).connectionManager;
  manager.state = 2; // STATES.CONNECTED: replies are parsed as ReplyHeaders
  manager.pendingQueue.push({ request: { header: { xid: 1, type: 3 } }, callback: () => undefined });
  let destroyed = 0;
  manager.socket = { destroy: () => void (destroyed += 1) };
  Object.defineProperty(manager, 'destroyed', { get: () => destroyed });
  return manager;
}

test('unpatched, a reply with an unknown error code throws out of the data handler', () => {
  const manager = connectedManager(false);
  assert.throws(() => manager.onSocketData(reply(698548225)), /Unknown code/);
});

test('patched, the same reply drops the connection instead of killing the process', () => {
  const manager = connectedManager(true);
  assert.doesNotThrow(() => manager.onSocketData(reply(698548225)));
  assert.equal((manager as unknown as { destroyed: number }).destroyed, 1);
  assert.equal(manager.pendingBuffer, null);
});

test('patched, a new connection does not inherit the half frame of the last one', () => {
  let called = 0;
  // The library's own handler would write the ConnectRequest on the new socket: stand in for it.
  const inner = Object.getPrototypeOf(connectedManager(false)) as { onSocketConnected: () => void };
  const original = inner.onSocketConnected;
  inner.onSocketConnected = () => void (called += 1);
  try {
    const fresh = connectedManager(true);
    fresh.pendingBuffer = Buffer.from([0, 0, 0, 40, 1, 2]);
    fresh.onSocketConnected();
    assert.equal(fresh.pendingBuffer, null);
    assert.equal(called, 1);
  } finally {
    inner.onSocketConnected = original;
  }
});

/**
 * A manager patched with a fake clock and interval, over stand-ins for the library's socket
 * handlers (no socket is opened): `tick(ms)` advances the clock and runs the interval.
 */
function silenceWatched() {
  let now = 0;
  const intervals: { fn: () => void; every: number; next: number }[] = [];
  const client = zookeeper.createClient('127.0.0.1:1', { sessionTimeout: 3000 });
  const manager = (client as unknown as { connectionManager: ConnectionManagerInternals }).connectionManager;
  manager.onSocketConnected = () => undefined;
  manager.onSocketClosed = () => undefined;
  manager.onSocketData = () => undefined;
  let heard = 0;
  let cleared = 0;
  // Node's loop after a timer: the I/O that is waiting is read (pendingIo), then what waited
  // for it runs (deferred).
  const pendingIo: (() => void)[] = [];
  const deferred: (() => void)[] = [];
  const stop = hardenClient(client, {
    now: () => now,
    setInterval: (fn, every) => {
      const interval = { fn, every, next: now + every };
      intervals.push(interval);
      return interval;
    },
    clearInterval: (handle) => {
      intervals.splice(intervals.indexOf(handle as (typeof intervals)[number]), 1);
      cleared += 1;
    },
    onHeard: () => void (heard += 1),
    afterIo: (fn) => deferred.push(fn),
  });
  manager.sessionTimeout = 3000;
  let destroyed = 0;
  const tick = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const due = intervals.filter((i) => i.next <= end).sort((a, b) => a.next - b.next)[0];
      if (due === undefined) break;
      now = due.next;
      due.next += due.every;
      due.fn();
      for (const fn of pendingIo.splice(0)) fn();
      for (const fn of deferred.splice(0)) fn();
    }
    now = end;
  };
  // The process gets no CPU for `ms`: the clock jumps, then each interval fires once, late.
  const stall = (ms: number): void => {
    now += ms;
    for (const i of intervals) {
      i.next = now + i.every;
      i.fn();
      for (const fn of pendingIo.splice(0)) fn();
      for (const fn of deferred.splice(0)) fn();
    }
  };
  const connect = (): void => {
    manager.socket = { destroy: () => void (destroyed += 1) };
    manager.onSocketConnected();
  };
  return { manager, tick, stall, connect, stop, destroyed: () => destroyed, heard: () => heard, cleared: () => cleared, pendingIo };
}

test('patched, a connection silent for 2/3 of the session timeout is dropped (the Java client\'s read timeout), not before', () => {
  const s = silenceWatched();
  s.connect();
  s.tick(1900);
  assert.equal(s.destroyed(), 0);
  s.tick(200);
  assert.equal(s.destroyed(), 1, 'nothing heard for 2100 ms of a 3000 ms session');
  s.tick(5000);
  assert.equal(s.destroyed(), 1, 'dropped once: the next socket is the library\'s to open');
});

test('patched, anything heard keeps the connection; a closed one is not watched until the next connects', () => {
  const s = silenceWatched();
  s.connect();
  for (let i = 0; i < 10; i++) {
    s.tick(1500);
    s.manager.onSocketData(Buffer.alloc(0));
  }
  assert.equal(s.destroyed(), 0, 'a ping answered every 1.5 s');
  assert.equal(s.heard(), 10);
  s.manager.onSocketClosed(false);
  s.tick(10_000);
  assert.equal(s.destroyed(), 0, 'between sockets the library\'s connect timeout is in charge');
  s.connect();
  s.tick(2100);
  assert.equal(s.destroyed(), 1);
});

test('patched, an answer waiting unread when the timeout is reached is read before the connection is judged silent', () => {
  const s = silenceWatched();
  s.connect();
  s.tick(2000);
  // The next look finds more than 2 s of silence, but an answer is waiting in the socket.
  s.pendingIo.push(() => s.manager.onSocketData(Buffer.alloc(0)));
  s.tick(500);
  assert.equal(s.destroyed(), 0, 'the waiting answer counts');
  s.tick(2100);
  assert.equal(s.destroyed(), 1, 'and silence after it still does');
});

test('patched, a stall of our own is not the server\'s silence: only time awake counts', () => {
  const s = silenceWatched();
  s.connect();
  s.tick(1000);
  s.stall(5000);
  assert.equal(s.destroyed(), 0, 'starved for 5 s: the server was not asked anything meanwhile');
  s.tick(700);
  assert.equal(s.destroyed(), 0);
  s.tick(200);
  assert.equal(s.destroyed(), 1, 'awake and silent for 1000 + 200 + 900 ms > 2000 ms');
});

test('patched, a closed session stops its watch: no interval is left running', () => {
  const s = silenceWatched();
  s.connect();
  s.stop();
  assert.equal(s.cleared(), 1);
  s.tick(10_000);
  assert.equal(s.destroyed(), 0);
});
