import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { ZK_CONNECTION_LOSS, ZK_SESSION_EXPIRED, ZkError } from '../zk-session.js';
import type { NodeStat } from '../zk-session.js';
import { createOwnSequential } from './own-sequential.js';
import type { ResourceSession } from './resource-session.js';

type Fault = 'none' | 'lose-reply' | 'lose-request' | 'expire';

/** A session whose next create can fail the ways a dropped connection makes it fail. */
class FlakySession extends EventEmitter {
  readonly nodes = new Map<string, string>();
  isConnected = true;
  private sequence = 0;
  fault: Fault = 'none';
  constructor(readonly sessionId: string) {
    super();
  }
  private drop(then: 'connected' | 'expired'): ZkError {
    this.isConnected = false;
    setImmediate(() => {
      if (then === 'connected') this.isConnected = true;
      this.emit(then);
    });
    return new ZkError('create: CONNECTION_LOSS', ZK_CONNECTION_LOSS);
  }
  async createEphemeralSequential(prefix: string): Promise<string> {
    const fault = this.fault;
    this.fault = 'none';
    if (fault === 'lose-request') throw this.drop('connected');
    const path = `${prefix}${String(this.sequence++).padStart(10, '0')}`;
    this.nodes.set(path, this.sessionId);
    if (fault === 'lose-reply') throw this.drop('connected');
    if (fault === 'expire') throw this.drop('expired');
    return path;
  }
  async getChildren(parent: string): Promise<string[]> {
    return [...this.nodes.keys()].filter((path) => path.startsWith(`${parent}/`)).map((path) => path.slice(parent.length + 1));
  }
  async exists(path: string): Promise<NodeStat | null> {
    const owner = this.nodes.get(path);
    return owner === undefined ? null : { version: 0, ephemeralOwner: owner, ctimeMs: 0, mtimeMs: 0, czxid: '0' };
  }
}

const asSession = (fake: FlakySession): ResourceSession => fake as unknown as ResourceSession;

test('a create whose reply was lost is found again, not made twice', async () => {
  const session = new FlakySession('aa');
  session.nodes.set('/q/job-0000000007', 'bb'); // the same lock name queued by another box
  session.fault = 'lose-reply';
  const path = await createOwnSequential(asSession(session), '/q/job-', Buffer.from('x'));
  assert.equal(path, '/q/job-0000000000');
  assert.deepEqual([...session.nodes.keys()].sort(), ['/q/job-0000000000', '/q/job-0000000007']);
});

test('a create whose request was lost is made again, once', async () => {
  const session = new FlakySession('aa');
  session.fault = 'lose-request';
  const path = await createOwnSequential(asSession(session), '/s/leases/1_3_', Buffer.from('x'));
  assert.equal(path, '/s/leases/1_3_0000000000');
  assert.equal(session.nodes.size, 1);
});

test('a session that expires meanwhile is an error (its nodes are gone with it)', async () => {
  const session = new FlakySession('aa');
  session.fault = 'expire';
  await assert.rejects(createOwnSequential(asSession(session), '/l/acquire-', Buffer.from('x')), (error: unknown) => error instanceof ZkError && error.code === ZK_SESSION_EXPIRED);
});

test('other failures are not retried', async () => {
  const session = new FlakySession('aa');
  session.createEphemeralSequential = () => Promise.reject(new ZkError('create: NO_NODE', -101));
  await assert.rejects(createOwnSequential(asSession(session), '/nowhere/x-', Buffer.from('x')), /NO_NODE/);
});
