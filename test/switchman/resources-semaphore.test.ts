// The lease semaphore on a real ZooKeeper, with App::Switchman's node layout: never more than
// the total held at once, weights summed, totals that disagree refused, release at once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { acquireLease, releaseLease, semaphorePaths, tryLease } from '../../src/switchman/resources/semaphore.js';
import type { ZkSession } from '../../src/switchman/zk-session.js';
import { zkTestOptions } from '../support/zookeeper.js';
import { prng } from '../support/prng.js';
import { SharedZk } from './harness.js';

const zk = new SharedZk();
after(async () => zk.dispose());
const connect = (): Promise<ZkSession> => zk.session();

let prefixes = 0;
async function freshPrefix(session: ZkSession): Promise<string> {
  const prefix = `/switchman/lease-${process.pid}-${(prefixes += 1)}`;
  await session.mkdirp(`${prefix}/semaphores`);
  return prefix;
}

/** Runners on their own sessions take `weights[i]` of `total` again and again; the most held at once. */
async function contend(weights: readonly number[], total: number, rounds: number): Promise<{ peak: number; grants: number }> {
  const runners = await Promise.all(weights.map(() => connect()));
  const prefix = await freshPrefix(runners[0]!);
  const random = prng(0x5e4a);
  let held = 0;
  let peak = 0;
  let grants = 0;
  await Promise.all(
    runners.map(async (session, i) => {
      const weight = weights[i]!;
      for (let round = 0; round < rounds; round++) {
        const lease = await acquireLease(session, prefix, 'r', weight, total, Buffer.from(`runner${i} ${process.pid}`));
        held += weight;
        peak = Math.max(peak, held);
        grants++;
        await new Promise((r) => setTimeout(r, Math.floor(random() * 15)));
        held -= weight;
        await releaseLease(session, lease);
      }
    }),
  );
  return { peak, grants };
}

test('8 runners taking 1 of 3: never more than 3 at once, every one served', zkTestOptions(), async () => {
  const { peak, grants } = await contend([1, 1, 1, 1, 1, 1, 1, 1], 3, 25);
  assert.equal(grants, 200);
  assert.ok(peak <= 3, `peak ${peak}`);
  assert.equal(peak, 3, 'the semaphore lets three in at once');
});

test('mixed weights (2 of 5 and 1 of 5): the sum never exceeds 5', zkTestOptions(), async () => {
  const { peak, grants } = await contend([2, 2, 1, 1, 1, 2], 5, 15);
  assert.equal(grants, 90);
  assert.ok(peak <= 5, `peak ${peak}`);
});

test("the original's layout: <count>_<total>_<seq> leases, a refused try leaves nothing, totals must agree, release is at once", zkTestOptions(), async () => {
  const session = await connect();
  const prefix = await freshPrefix(session);
  const owner = Buffer.from(`box1.example.com ${process.pid}`);
  const first = await tryLease(session, prefix, 'r', 2, 3, owner);
  assert.ok(first.granted);
  const paths = semaphorePaths(prefix, 'r');
  assert.match(first.lease.node, new RegExp(`^${paths.leases}/2_3_\\d{10}$`));
  assert.equal((await session.getData(first.lease.node))?.data.toString(), `box1.example.com ${process.pid}`);
  assert.deepEqual(await tryLease(session, prefix, 'r', 2, 3, owner), { granted: false, used: 2 });
  assert.deepEqual(await session.getChildren(paths.lock), [], 'the mutex is dropped after each try');
  await assert.rejects(tryLease(session, prefix, 'r', 1, 4, owner), /Totals mismatch: .*\/leases\/2_3_\d{10} 4/);
  await releaseLease(session, first.lease);
  assert.deepEqual(await session.getChildren(paths.leases), []);
  // A lease held by a session that ends is gone with it.
  const other = await connect();
  const held = await tryLease(other, prefix, 'r', 3, 3, owner);
  assert.ok(held.granted);
  await other.close(2000);
  assert.deepEqual(await session.getChildren(paths.leases), []);
});
