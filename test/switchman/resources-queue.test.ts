// The fair queue on a real ZooKeeper, with App::Switchman's node layout: waiters get their
// turn in the order they joined, a job already queued is seen, a lost position is an error.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { isQueued, joinQueue, leaveQueue, queuePath, waitInQueue } from '../../src/switchman/resources/queue.js';
import type { ZkSession } from '../../src/switchman/zk-session.js';
import { zkTestOptions } from '../support/zookeeper.js';
import { SharedZk } from './harness.js';

const zk = new SharedZk();
after(async () => zk.dispose());
const connect = (): Promise<ZkSession> => zk.session();

test('waiters get their turn in the order they joined, whatever their lock names', zkTestOptions(), async () => {
  const runners = await Promise.all([0, 1, 2, 3, 4, 5].map(() => connect()));
  const prefix = `/switchman/queue-${process.pid}-1`;
  await runners[0]!.mkdirp(prefix);
  const owner = Buffer.from(`box1.example.com ${process.pid}`);
  // Joined one after the other, names not in alphabetical order.
  const names = ['zeta', 'alpha', 'mid.job', 'alpha2', 'b-b', 'c'];
  const nodes: string[] = [];
  for (const [i, session] of runners.entries()) nodes.push(await joinQueue(session, prefix, 'r', names[i]!, owner));
  assert.match(nodes[0]!, new RegExp(`^${queuePath(prefix, 'r')}/zeta-\\d{10}$`));
  assert.equal(await isQueued(runners[0]!, prefix, 'r', 'mid.job'), true);
  assert.equal(await isQueued(runners[0]!, prefix, 'r', 'mid'), false, 'the whole name, not a prefix');
  // They start waiting in the reverse order, and each holds its turn a while: served in join
  // order, one at a time, is the queue's doing.
  const served: string[] = [];
  let atHead = 0;
  let mostAtHead = 0;
  await Promise.all(
    runners.map(async (session, i) => {
      await new Promise((r) => setTimeout(r, (runners.length - i) * 20));
      await waitInQueue(session, nodes[i]!);
      served.push(names[i]!);
      mostAtHead = Math.max(mostAtHead, ++atHead);
      await new Promise((r) => setTimeout(r, 30));
      atHead--;
      await leaveQueue(session, nodes[i]!);
    }),
  );
  assert.deepEqual(served, names);
  assert.equal(mostAtHead, 1);
  assert.deepEqual(await runners[0]!.getChildren(queuePath(prefix, 'r')), []);
});

test('a waiter whose node is gone, or a queue with a foreign child, is an error', zkTestOptions(), async () => {
  const session = await connect();
  const prefix = `/switchman/queue-${process.pid}-2`;
  await session.mkdirp(prefix);
  const owner = Buffer.from('x');
  const first = await joinQueue(session, prefix, 'r', 'a', owner);
  await leaveQueue(session, first);
  await assert.rejects(waitInQueue(session, first), /Lost position <\d+> in queue/);
  await session.createPersistent(`${queuePath(prefix, 'r')}/stray`, Buffer.alloc(0));
  const second = await joinQueue(session, prefix, 'r', 'b', owner);
  await assert.rejects(waitInQueue(session, second), /Unexpected item <stray>/);
});
