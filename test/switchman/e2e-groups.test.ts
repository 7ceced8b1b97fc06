// End to end, against a real ZooKeeper and the bundled switchman: who may run, the lock,
// exit codes, log lines, `switchman status`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { zkTestOptions } from '../support/zookeeper.js';
import { SharedZk, ensureBundle, makeSetup, readLog, runSwitchman, waitFor } from './harness.js';
import type { TestSetup } from './harness.js';

const zk = new SharedZk();
const opts = zkTestOptions();
before(() => void ensureBundle());
after(() => zk.dispose());

/** A fresh prefix whose groups are made from the host name switchman will see. */
async function setupWith(groups: (host: string) => Record<string, string | string[]>, extra: Record<string, unknown> = {}): Promise<TestSetup> {
  const server = await zk.get();
  const setup = makeSetup(server.connectString, extra);
  await (await zk.admin()).setGroups(setup.prefix, groups(setup.host));
  return setup;
}

/** Runs `switchman -g group -- sh -c 'echo ran > marker; exit CODE'`; resolves to exit code and whether the job ran. */
async function tryRun(setup: TestSetup, group: string, extraArgs: string[] = [], code = 0, host = setup.host) {
  const marker = join(setup.dir, `ran-${group}-${Math.random().toString(36).slice(2)}`);
  const run = runSwitchman(['-c', setup.configPath, '-g', group, ...extraArgs, '--', '/bin/sh', '-c', `echo ran > "${marker}"; exit ${code}`], { host });
  const { code: exitCode } = await run.exited;
  return { exitCode, ran: existsSync(marker), stderr: run.stderr(), stdout: run.stdout() };
}

test('a host in the group runs the job and gets its exit code back', opts, async () => {
  const setup = await setupWith((host) => ({ scripts1: 'box-other', scripts3: ['box-other', host] }));
  const result = await tryRun(setup, 'scripts3', [], 7);
  assert.equal(result.exitCode, 7);
  assert.equal(result.ran, true);
  const log = readLog(setup);
  assert.match(log, new RegExp(`INFO START host=${setup.host.replace(/\./g, '\\.')} lock=sh group=scripts3 pid=\\d+ cmd=`));
  assert.match(log, /INFO FINISH .*lock=sh .*exit=7 status=code:7 reason=exited duration_ms=\d+/);
});

test('a host not in the group exits 0 quietly without running; an option gives it its own code', opts, async () => {
  const setup = await setupWith(() => ({ scripts1: 'box-other' }));
  const quiet = await tryRun(setup, 'scripts1');
  assert.deepEqual([quiet.exitCode, quiet.ran, quiet.stderr, quiet.stdout], [0, false, '', '']);
  assert.doesNotMatch(readLog(setup), /START/);
  const coded = await tryRun(setup, 'scripts1', ['--not-allowed-exit-code', '3']);
  assert.deepEqual([coded.exitCode, coded.ran], [3, false]);
});

test('subgroups are followed, and cycles between groups do not hang', opts, async () => {
  const setup = await setupWith((host) => ({
    all: ['web', 'batch'],
    web: ['box-w1', 'box-w2'],
    batch: ['nightly'],
    nightly: [host],
    loopA: ['loopB', 'box-x'],
    loopB: ['loopA'],
    loopC: ['loopD'],
    loopD: ['loopC', host],
  }));
  assert.equal((await tryRun(setup, 'all')).ran, true, 'host via all -> batch -> nightly');
  assert.equal((await tryRun(setup, 'web')).ran, false);
  const cycleOut = await tryRun(setup, 'loopA');
  assert.deepEqual([cycleOut.exitCode, cycleOut.ran], [0, false], 'cycle without this host');
  const cycleIn = await tryRun(setup, 'loopC');
  assert.deepEqual([cycleIn.exitCode, cycleIn.ran], [0, true], 'cycle with this host');
});

test('an unknown group is an error (exit 78) and nothing runs', opts, async () => {
  const setup = await setupWith(() => ({ scripts1: 'box-other' }));
  const result = await tryRun(setup, 'nope');
  assert.deepEqual([result.exitCode, result.ran], [78, false]);
  assert.match(result.stderr, /ERROR group is not defined in ZooKeeper .*group=nope/);
});

test('without an override, hosts are matched against `hostname -f`', opts, async () => {
  const fqdn = execFileSync('hostname', ['-f'], { encoding: 'utf8' }).trim();
  const setup = await setupWith(() => ({ here: fqdn, elsewhere: `not-${fqdn}` }));
  const marker = join(setup.dir, 'fqdn-ran');
  const run = runSwitchman(['-c', setup.configPath, '-g', 'here', '--', '/bin/sh', '-c', `echo ran > "${marker}"`]);
  assert.equal((await run.exited).code, 0);
  assert.ok(existsSync(marker));
  const other = runSwitchman(['-c', setup.configPath, '-g', 'elsewhere', '--', '/bin/sh', '-c', `echo ran > "${marker}.2"`]);
  assert.equal((await other.exited).code, 0);
  assert.ok(!existsSync(`${marker}.2`));
});

test('a busy lock: exit 0 quietly without running (or the chosen code); --no-lock runs anyway', opts, async () => {
  const setup = await setupWith((host) => ({ g: host }));
  const admin = await zk.admin();
  await admin.createEphemeral(`${setup.prefix}/locks/sh`, 'otherbox.example 4242');
  const busy = await tryRun(setup, 'g');
  assert.deepEqual([busy.exitCode, busy.ran, busy.stderr], [0, false, '']);
  assert.match(readLog(setup), /INFO lock is busy, not running .*holder="otherbox.example 4242"/);
  const coded = await tryRun(setup, 'g', ['--lock-busy-exit-code', '9']);
  assert.deepEqual([coded.exitCode, coded.ran], [9, false]);
  const noLock = await tryRun(setup, 'g', ['--no-lock']);
  assert.deepEqual([noLock.exitCode, noLock.ran], [0, true]);
  assert.equal((await admin.get(`${setup.prefix}/locks/sh`))?.data, 'otherbox.example 4242', 'the other lock is untouched');
});

test('while the job runs, the lock node holds "<fqdn> <pid>", status shows it, and it is gone right after', opts, async () => {
  const setup = await setupWith((host) => ({ g: host }));
  const admin = await zk.admin();
  const release = join(setup.dir, 'release');
  const run = runSwitchman(
    ['-c', setup.configPath, '-g', 'g', '--lockname', 'nightly-report', '--', '/bin/sh', '-c', `while [ ! -e "${release}" ]; do sleep 0.02; done`],
    { host: setup.host },
  );
  const lock = await waitFor(() => admin.get(`${setup.prefix}/locks/nightly-report`), 10_000, 'the lock node');
  assert.equal(lock.data, `${setup.host} ${run.pid}`);
  assert.notEqual(lock.stat.ephemeralOwner.toString('hex'), '0000000000000000', 'the lock node is ephemeral');

  const table = runSwitchman(['status', '-c', setup.configPath]);
  assert.equal((await table.exited).code, 0);
  assert.match(table.stdout(), /^LOCK\s+HOST\s+PID\s+SINCE\s+AGE$/m);
  // The test config asks for a 5 s grace with a 4 s session: status says what the session allows.
  assert.match(table.stderr(), /warning: termination_timeout is 5 s, but a 4 s session gives a stopped job at most 2\.666 s: raise session_timeout to at least 8 s/);
  assert.match(table.stdout(), new RegExp(`^nightly-report\\s+${setup.host.replace(/\./g, '\\.')}\\s+${run.pid}\\s+\\d{4}-\\d\\d-\\d\\dT`, 'm'));
  const json = runSwitchman(['status', '-c', setup.configPath, '--json']);
  assert.equal((await json.exited).code, 0);
  const entries = (JSON.parse(json.stdout()) as { locks: { lock: string; host: string; pid: number }[] }).locks;
  assert.deepEqual(entries.map((e) => [e.lock, e.host, e.pid]), [['nightly-report', setup.host, run.pid]]);

  writeFileSync(release, '');
  assert.equal((await run.exited).code, 0);
  assert.equal(await admin.get(`${setup.prefix}/locks/nightly-report`), null, 'released at once, not at session expiry');
  const after = runSwitchman(['status', '-c', setup.configPath]);
  await after.exited;
  assert.match(after.stdout(), /^no locks held\n/);
});

test('exit codes: 128+signal for a job killed by a signal, 127 for a missing command, 78 for config errors, 64 for usage', opts, async () => {
  const setup = await setupWith((host) => ({ g: host }));
  const killed = runSwitchman(['-c', setup.configPath, '-g', 'g', '--', '/bin/sh', '-c', 'kill -KILL $$'], { host: setup.host });
  assert.equal((await killed.exited).code, 137);
  assert.match(readLog(setup), /FINISH .*exit=137 status=signal:SIGKILL reason=exited/);
  const missing = runSwitchman(['-c', setup.configPath, '-g', 'g', '--', '/nonexistent/cmd'], { host: setup.host });
  assert.equal((await missing.exited).code, 127);
  assert.match(missing.stderr(), /ERROR cannot run the command .*error=ENOENT/);
  const noConfig = runSwitchman(['-c', join(setup.dir, 'missing.conf'), '-g', 'g', '--', 'true']);
  assert.equal((await noConfig.exited).code, 78);
  assert.match(noConfig.stderr(), /cannot read config .*missing\.conf: ENOENT/);
  const lease = runSwitchman(['-c', setup.configPath, '--lease', 'cpu:1:2', '--', 'true']);
  assert.equal((await lease.exited).code, 64);
  assert.match(lease.stderr(), /--lease "cpu:1:2": expected RESOURCE=COUNT:TOTAL/);
});

test('ZooKeeper unreachable: exit 78 after connect_timeout, nothing runs', opts, async () => {
  const setup = makeSetup('127.0.0.1:1', { connect_timeout: 0.5 });
  const marker = join(setup.dir, 'ran');
  const run = runSwitchman(['-c', setup.configPath, '-g', 'g', '--', '/bin/sh', '-c', `echo > "${marker}"`], { host: setup.host });
  assert.equal((await run.exited).code, 78);
  assert.equal(existsSync(marker), false);
  assert.match(readFileSync(setup.logPath, 'utf8'), /ERROR cannot connect to ZooKeeper/);
});
