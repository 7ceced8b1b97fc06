// End to end: switchman processes with --lease on a real ZooKeeper. The semaphore bounds what runs
// at once (jobs log start and end; the peak is measured), the queue is fair and gives up as
// App::Switchman's does, and leases and queue places go at once when a run ends, is stopped,
// drained or times out, and with the session when switchman is killed.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { zkTestOptions } from '../support/zookeeper.js';
import zookeeper from 'node-zookeeper-client';
import { SharedZk, ZkAdmin, ensureBundle, isAlive, makeSetup, readLog, runSwitchman, waitFor } from './harness.js';
import type { TestSetup } from './harness.js';
import { parseIntervals, peakLoad } from './timeline.js';

const zk = new SharedZk();
const opts = zkTestOptions();
before(() => void ensureBundle());
after(() => zk.dispose());

/** A setup whose prefix document lets this host run group g and lists `resources`. */
async function leaseSetup(resources: string[], extra: Record<string, unknown> = {}): Promise<{ setup: TestSetup; admin: ZkAdmin }> {
  const server = await zk.get();
  const setup = makeSetup(server.connectString, extra);
  const admin = await zk.admin();
  await admin.setData(setup.prefix, JSON.stringify({ groups: { g: [setup.host] }, resources }));
  return { setup, admin };
}

function run(setup: TestSetup, args: string[], command: string): ReturnType<typeof runSwitchman> {
  return runSwitchman(['-c', setup.configPath, '-g', 'g', ...args, '--', '/bin/sh', '-c', command], { host: setup.host });
}

/** A job that logs its interval (with a weight) to the timeline and sleeps. */
const timedJob = (timeline: string, seconds: number, weight = 1): string =>
  `echo "S $$ $(date +%s%N) ${weight}" >> "${timeline}"; sleep ${seconds}; echo "E $$ $(date +%s%N)" >> "${timeline}"`;

/** Runs `rounds` leased jobs one after another per worker, all workers at once; every run must exit 0. */
async function contend(setup: TestSetup, weights: readonly number[], total: number, rounds: number): Promise<string> {
  const timeline = join(setup.dir, 'timeline');
  await Promise.all(
    weights.map(async (weight, worker) => {
      for (let round = 0; round < rounds; round++) {
        const job = run(setup, ['--lockname', `job-${worker}`, '--lease', `r=${weight}:${total}`], timedJob(timeline, 0.05, weight));
        const { code } = await job.exited;
        if (code !== 0) assert.fail(`switchman exited ${code}: ${job.stderr()}`);
      }
    }),
  );
  return readFileSync(timeline, 'utf8');
}

test('8 runners with --lease r=1:3, 200 runs: never more than 3 jobs at once', opts, async (t) => {
  const { setup, admin } = await leaseSetup(['r'], { loglevel: 'info' });
  const intervals = parseIntervals(await contend(setup, [1, 1, 1, 1, 1, 1, 1, 1], 3, 25));
  const peak = peakLoad(intervals);
  t.diagnostic(`${intervals.length} jobs ran, at most ${peak} at once`);
  assert.equal(intervals.length, 200);
  assert.ok(peak <= 3, `${peak} jobs held r=1:3 at once`);
  assert.ok(peak >= 2, 'the runners really ran side by side');
  assert.match(readLog(setup), / START .*leases="r=1:3"/);
  assert.deepEqual(await admin.children(`${setup.prefix}/semaphores/r/leases`), [], 'every lease was given back');
  assert.deepEqual(await admin.children(`${setup.prefix}/queues/r`), [], 'and every place in the queue');
});

test('mixed weights (2:5 and 1:5): the sum held never exceeds 5', opts, async (t) => {
  const { setup } = await leaseSetup(['r'], { loglevel: 'info' });
  const intervals = parseIntervals(await contend(setup, [2, 2, 1, 1, 1, 2], 5, 6));
  const peak = peakLoad(intervals);
  t.diagnostic(`${intervals.length} jobs ran, at most ${peak} of 5 held at once`);
  assert.equal(intervals.length, 36);
  assert.ok(peak <= 5, `${peak} of 5 held at once`);
});

test('the queue is fair: waiters run in order; a job already queued exits; a waiter whose lock appears exits', opts, async () => {
  const { setup, admin } = await leaseSetup(['q']);
  const queue = `${setup.prefix}/queues/q`;
  const release = join(setup.dir, 'release');
  const order = join(setup.dir, 'order');
  const holder = run(setup, ['--lockname', 'holder', '--lease', 'q=1:1'], `while [ ! -e "${release}" ]; do sleep 0.05; done`);
  await waitFor(async () => (await admin.children(`${setup.prefix}/semaphores/q/leases`)).length === 1, 15_000, 'the holder to take the lease');
  const waiters = [];
  for (const name of ['w1', 'w2', 'w3']) {
    waiters.push(run(setup, ['--lockname', name, '--lease', 'q=1:1'], `echo ${name} >> "${order}"`));
    await waitFor(async () => (await admin.children(queue)).length === waiters.length, 15_000, `${name} to queue up`);
  }
  assert.deepEqual((await admin.children(queue)).map((node) => node.replace(/\d+$/, '')), ['w1-', 'w2-', 'w3-']);

  const status = runSwitchman(['status', '-c', setup.configPath]);
  assert.equal((await status.exited).code, 0, status.stderr());
  const host = setup.host;
  assert.match(status.stdout(), new RegExp(`^RESOURCE +STATE +COUNT +LOCK +HOST +PID\nq +held +1 of 1 \\(1 used\\) +holder +${host} +${holder.pid}\nq +queued #1 +- +w1 +${host} +${waiters[0]!.pid}\nq +queued #2 +- +w2 `, 'm'));
  const json = runSwitchman(['status', '-c', setup.configPath, '--json']);
  assert.equal((await json.exited).code, 0, json.stderr());
  const resources = (JSON.parse(json.stdout()) as { resources: unknown[] }).resources;
  assert.deepEqual(resources[0], {
    resource: 'q',
    leases: [{ count: 1, total: 1, host, pid: holder.pid, lock: 'holder' }],
    queue: waiters.map((w, i) => ({ lock: `w${i + 1}`, host, pid: w.pid })),
  });

  const again = run(setup, ['--lockname', 'w2', '--lease', 'q=1:1'], `echo again >> "${order}"`);
  assert.equal((await again.exited).code, 0);
  assert.match(readLog(setup), /the job is already waiting for a resource, not running .*lock=w2 .*resource=q/);

  // Someone else runs w3 (its lock appears): w3 stops waiting and leaves the queue.
  await admin.createEphemeral(`${setup.prefix}/locks/w3`, 'elsewhere 1');
  assert.equal((await waiters[2]!.exited).code, 0);
  assert.match(readLog(setup), /the lock was taken while waiting for resources, not running .*lock=w3/);
  assert.deepEqual((await admin.children(queue)).map((node) => node.replace(/\d+$/, '')), ['w1-', 'w2-']);
  await admin.remove(`${setup.prefix}/locks/w3`);

  writeFileSync(release, '');
  for (const run of [holder, waiters[0]!, waiters[1]!]) assert.equal((await run.exited).code, 0, run.stderr());
  assert.equal(readFileSync(order, 'utf8'), 'w1\nw2\n');
  assert.deepEqual(await admin.children(queue), []);
});

test("a Perl switchman's lease and queue place (App::Switchman's nodes) count against ours, and ours against theirs", opts, async () => {
  const { setup, admin } = await leaseSetup(['r']);
  // What Net::ZooKeeper::Semaphore and App::Switchman's queue_up make, from another session.
  const perl = await ZkAdmin.connect((await zk.get()).connectString);
  const create = (path: string, data: string, mode: number): Promise<string> =>
    new Promise((resolve, reject) => perl.client.create(path, Buffer.from(data), mode, (error, made) => (error ? reject(error) : resolve(made))));
  for (const node of ['semaphores', 'semaphores/r', 'semaphores/r/lock', 'semaphores/r/leases', 'queues', 'queues/r']) {
    await create(`${setup.prefix}/${node}`, node.includes('/') ? '0' : 'perlbox 1', zookeeper.CreateMode.PERSISTENT);
  }
  await create(`${setup.prefix}/semaphores/r/leases/1_2_`, 'perlbox 777', zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL);
  const perlPlace = await create(`${setup.prefix}/queues/r/perljob-`, 'perlbox 778', zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL);
  const release = join(setup.dir, 'release');
  const ours = run(setup, ['--lockname', 'ours', '--lease', 'r=1:2'], `while [ ! -e "${release}" ]; do sleep 0.05; done`);
  await waitFor(async () => (await admin.children(`${setup.prefix}/queues/r`)).length === 2, 15_000, 'ours to queue up behind perljob');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(!readLog(setup).includes(' START '), 'ours waits behind the Perl job in the queue');
  await perl.remove(perlPlace); // the Perl job took its lease and left the queue
  await waitFor(() => readLog(setup).includes(' START '), 15_000, 'ours to start: 1 (Perl) + 1 of 2');
  // Now Perl's 1 and ours fill the total: a second of ours waits.
  const second = run(setup, ['--lockname', 'second', '--lease', 'r=1:2'], 'true');
  await waitFor(async () => (await admin.children(`${setup.prefix}/queues/r`)).length === 1, 15_000, 'the second to queue up');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((readLog(setup).match(/ START /g) ?? []).length, 1, 'the total is full: Perl holds 1, ours 1');
  writeFileSync(release, '');
  assert.equal((await ours.exited).code, 0, ours.stderr());
  assert.equal((await second.exited).code, 0, second.stderr());
  assert.deepEqual((await admin.children(`${setup.prefix}/semaphores/r/leases`)).map((n) => n.replace(/\d+$/, '')), ['1_2_'], "only Perl's lease is left");
  perl.close();
});

test('a host drained (switchman drain) while its job waits for a lease: the job leaves the queue, quietly; the holder elsewhere runs on', opts, async () => {
  const { setup, admin } = await leaseSetup(['q']);
  const other = `other-${setup.host}`;
  await admin.setData(setup.prefix, JSON.stringify({ groups: { g: [setup.host, other] }, resources: ['q'] }));
  const holder = run(setup, ['--lockname', 'holder', '--lease', 'q=1:1'], 'sleep 1000');
  await waitFor(async () => (await admin.children(`${setup.prefix}/semaphores/q/leases`)).length === 1, 15_000, 'the holder to take the lease');
  const waiter = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', 'waiter', '--lease', 'q=1:1', '--', 'true'], { host: other });
  await waitFor(async () => (await admin.children(`${setup.prefix}/queues/q`)).length === 1, 15_000, 'the waiter to queue up');
  const drain = runSwitchman(['drain', other, '-c', setup.configPath, '--reason', 'test']);
  assert.equal((await drain.exited).code, 0, drain.stderr());
  assert.equal((await waiter.exited).code, 0, waiter.stderr());
  assert.deepEqual(await admin.children(`${setup.prefix}/queues/q`), []);
  assert.ok(isAlive(holder.pid), 'the holder, on a host not drained, runs on');
  process.kill(holder.pid, 'SIGTERM');
  assert.equal((await holder.exited).code, 143);
});

test('leases are taken in the order of the prefix\'s list; an unlisted one is refused; macros are replaced', opts, async () => {
  const { setup } = await leaseSetup(['b', 'a', 'FQDN_mem']);
  const ordered = run(setup, ['--lease', 'a=1:1', '--lease', 'b=2:3', '--lease', 'FQDN_mem=1:int(MEMMB/1024)'], 'true');
  assert.equal((await ordered.exited).code, 0, ordered.stderr());
  const log = readLog(setup);
  const taken = [...log.matchAll(/DEBUG lease taken .*resource=(\S+)/g)].map((m) => m[1]);
  assert.deepEqual(taken, ['b', 'a', `${setup.host}_mem`]);
  const memMb = Math.floor(Number(/^MemTotal:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) / 1024);
  assert.match(log, new RegExp(` START .*leases="b=2:3,a=1:1,${setup.host.replace(/\./g, '\\.')}_mem=1:${Math.floor(memMb / 1024)}"`));
  assert.match(log, / FINISH .*leases="b=2:3,a=1:1,/);

  const unknown = run(setup, ['--lease', 'a=1:1', '--lease', 'nope=1:1', '--lease', 'zzz=1:2'], 'true');
  assert.equal((await unknown.exited).code, 78);
  assert.match(unknown.stderr(), /ERROR Unknown resources: nope, zzz .*listed=b,a,FQDN_mem/);
});

test('leases and queue places go at once on stop, drain and timeout, and with the session on kill -9', opts, async () => {
  const { setup, admin } = await leaseSetup(['q'], { resources_wait_timeout: 1 });
  const leases = `${setup.prefix}/semaphores/q/leases`;
  const queue = `${setup.prefix}/queues/q`;
  const holding = (): Promise<string[]> => admin.children(leases);

  // SIGTERM while the job runs: the lease is gone by the time switchman has exited.
  const stopped = run(setup, ['--lockname', 'stopped', '--lease', 'q=1:1'], 'sleep 1000');
  await waitFor(async () => readLog(setup).includes(' START ') && (await holding()).length === 1, 15_000, 'the job to start');
  process.kill(stopped.pid, 'SIGTERM');
  assert.equal((await stopped.exited).code, 143);
  assert.deepEqual(await holding(), []);

  // Waiting behind a holder: a drain (SIGUSR1) ends the wait and leaves the queue at once;
  // resources_wait_timeout (1 s) ends another with exit 75 and an error for cron's mail.
  const holder = run(setup, ['--lockname', 'holder', '--lease', 'q=1:1'], 'sleep 1000');
  await waitFor(async () => (await holding()).length === 1, 15_000, 'the holder to take the lease');
  const drained = run(setup, ['--lockname', 'drained', '--lease', 'q=1:1'], 'echo ran');
  await waitFor(async () => (await admin.children(queue)).length === 1, 15_000, 'the waiter to queue up');
  process.kill(drained.pid, 'SIGUSR1');
  assert.equal((await drained.exited).code, 138);
  assert.deepEqual(await admin.children(queue), []);
  const late = run(setup, ['--lockname', 'late', '--lease', 'q=1:1'], 'echo ran');
  assert.equal((await late.exited).code, 75);
  assert.match(late.stderr(), /ERROR reached resources_wait_timeout while waiting for resources, not running .*timeout_s=1 leases="q=1:1"/);
  assert.deepEqual(await admin.children(queue), []);

  // kill -9: the lease is an ephemeral node of the same session as the lock, so it goes with it.
  const lock = await admin.get(`${setup.prefix}/locks/holder`);
  const [lease] = await holding();
  const leaseNode = await admin.get(`${leases}/${lease!}`);
  assert.equal(leaseNode!.stat.ephemeralOwner.toString('hex'), lock!.stat.ephemeralOwner.toString('hex'));
  process.kill(holder.pid, 'SIGKILL');
  const killedAt = Date.now();
  await waitFor(async () => (await holding()).length === 0 && (await admin.get(`${setup.prefix}/locks/holder`)) === null, 20_000, 'the lease and the lock to go');
  // A 4 s session: both go when the server expires it (the fence stops the job before that).
  assert.ok(Date.now() - killedAt < 10_000);
  await waitFor(() => !isAlive(holder.pid), 5000, 'the killed switchman to be reaped');
});
