// Quiet when all is well: without a logfile, log lines go to syslog (tag switchman, facility
// cron, switchman's pid) through util-linux logger, and stderr only gets what a human must read.
// A python3 receiver stands in for /dev/log (test/switchman/syslog-receiver.ts).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Logger, flushLogs } from '../../src/switchman/log.js';
import type { LogLevel } from '../../src/switchman/log.js';
import { SYSLOG_MAX_MESSAGE_BYTES, loggerArgs, syslogPriority, truncateUtf8 } from '../../src/switchman/syslog.js';
import { noteUnconfigured } from '../../src/switchman/unconfigured.js';
import { zkTestOptions } from '../support/zookeeper.js';
import { BUNDLE, NODE, SharedZk, ensureBundle, makeSetup, runSwitchman, testEnv, waitFor } from './harness.js';
import { SyslogReceiver, syslogTestOptions } from './syslog-receiver.js';
import type { SyslogMessage } from './syslog-receiver.js';

const T = new Date('2024-03-01T12:00:00.000Z');
const CRON = 9;
const opts = syslogTestOptions();

const receivers: SyslogReceiver[] = [];
async function receiver(): Promise<SyslogReceiver> {
  const r = await SyslogReceiver.start();
  receivers.push(r);
  return r;
}
after(() => {
  for (const r of receivers) r.dispose();
});

function syslogLogger(level: LogLevel, socket: string | undefined, extra: { syslogCommand?: string; file?: string } = {}) {
  const errLines: string[] = [];
  const fileLines: string[] = [];
  const logger = new Logger({
    level,
    syslog: true,
    syslogSocket: socket,
    pid: 4242,
    now: () => T,
    appendFile: (_f, text) => void fileLines.push(text),
    writeStderr: (text) => void errLines.push(text),
    ...extra,
  });
  return { logger, errLines, fileLines };
}

test('priorities are facility cron (9) * 8 + severity, as cron logs', () => {
  const levels: LogLevel[] = ['debug', 'info', 'warning', 'error', 'critical'];
  assert.deepEqual(
    levels.map((l) => syslogPriority(l)),
    [79, 78, 76, 75, 74],
  );
});

test("logger's arguments: --id takes the pid after '=', -u only when a socket is set", () => {
  assert.deepEqual(loggerArgs(42, undefined), ['--id=42', '-t', 'switchman', '--prio-prefix', '--size=8192', '--socket-errors=off']);
  assert.deepEqual(loggerArgs(42, '/run/x/log').slice(-2), ['-u', '/run/x/log']);
});

test('long messages are cut on a character boundary, never split into two messages', () => {
  assert.equal(truncateUtf8('short', 10), 'short');
  assert.equal(truncateUtf8('abcdefghij', 8), 'abcde...');
  // "é" is 2 bytes: cutting after 4 bytes would halve the second one.
  assert.equal(truncateUtf8('ééééé', 8), 'éé...');
});

test('without a logfile: every line to syslog, only warnings and worse also on stderr', opts, async () => {
  const r = await receiver();
  const { logger, errLines, fileLines } = syslogLogger('info', r.socketPath);
  logger.debug('below the level');
  logger.info('START', { host: 'box1.example.com', lock: 'job', cmd: '/bin/sh -c "x"' });
  logger.warning('stopping the job', { reason: 'lost-lock' });
  logger.error('two\nlines');
  logger.critical('bad');
  logger.info('FINISH', { exit: 0 });
  await logger.flush();
  // flush() waited for logger to exit: everything it sent is at the socket now.
  assert.deepEqual(await r.sync(), [
    { priority: CRON * 8 + 6, tag: 'switchman', pid: 4242, message: 'INFO START host=box1.example.com lock=job cmd="/bin/sh -c \\"x\\""' },
    { priority: CRON * 8 + 4, tag: 'switchman', pid: 4242, message: 'WARNING stopping the job reason=lost-lock' },
    { priority: CRON * 8 + 3, tag: 'switchman', pid: 4242, message: 'ERROR two lines' },
    { priority: CRON * 8 + 2, tag: 'switchman', pid: 4242, message: 'CRITICAL bad' },
    { priority: CRON * 8 + 6, tag: 'switchman', pid: 4242, message: 'INFO FINISH exit=0' },
  ] satisfies SyslogMessage[]);
  assert.deepEqual(errLines, [
    '2024-03-01T12:00:00.000Z switchman[4242] WARNING stopping the job reason=lost-lock\n',
    '2024-03-01T12:00:00.000Z switchman[4242] ERROR two lines\n',
    '2024-03-01T12:00:00.000Z switchman[4242] CRITICAL bad\n',
  ]);
  assert.deepEqual(fileLines, []);
});

test('a line longer than logger takes arrives as one cut message', opts, async () => {
  const r = await receiver();
  const { logger } = syslogLogger('info', r.socketPath);
  logger.info('START', { cmd: 'x'.repeat(3 * SYSLOG_MAX_MESSAGE_BYTES) });
  await logger.flush();
  const messages = await r.sync();
  assert.equal(messages.length, 1);
  assert.equal(Buffer.byteLength(messages[0]!.message), SYSLOG_MAX_MESSAGE_BYTES);
  assert.match(messages[0]!.message, /^INFO START cmd=x+\.\.\.$/);
});

test('lines after flush() go to a new logger; flushLogs() waits for every one', opts, async () => {
  const r = await receiver();
  const { logger } = syslogLogger('info', r.socketPath);
  logger.info('one');
  await logger.flush();
  logger.info('two');
  // A line while the previous logger is still closing must not be written to its ended stdin.
  const closing = logger.flush();
  logger.info('three');
  await closing;
  await flushLogs();
  assert.deepEqual(
    (await r.sync()).map((m) => m.message).sort(),
    ['INFO one', 'INFO three', 'INFO two'],
  );
});

test('configure() with another socket: later lines go there, and flush() waits for both loggers', opts, async () => {
  const first = await receiver();
  const second = await receiver();
  const { logger } = syslogLogger('info', first.socketPath);
  logger.info('before');
  logger.configure('info', undefined, second.socketPath);
  logger.info('after');
  await logger.flush();
  assert.deepEqual(
    (await first.sync()).map((m) => m.message),
    ['INFO before'],
  );
  assert.deepEqual(
    (await second.sync()).map((m) => m.message),
    ['INFO after'],
  );
});

test('with a logfile, behaviour is as before: nothing reaches syslog', opts, async () => {
  const r = await receiver();
  const { logger, errLines, fileLines } = syslogLogger('info', r.socketPath, { file: '/var/log/x.log' });
  logger.info('START');
  logger.warning('w');
  await flushLogs();
  assert.equal(fileLines.length, 2);
  assert.deepEqual(
    errLines.map((l) => l.split(' ')[2]),
    ['WARNING'],
  );
  assert.deepEqual(await r.sync(), []);
});

test("the fence's Logger (no syslog option) keeps writing warnings to stderr and starts no logger", opts, async () => {
  const r = await receiver();
  const errLines: string[] = [];
  const logger = new Logger({ level: 'warning', file: undefined, syslogSocket: r.socketPath, now: () => T, pid: 7, writeStderr: (t) => void errLines.push(t) });
  logger.info('hidden');
  logger.warning('fence: killing the group');
  await flushLogs();
  assert.deepEqual(errLines, ['2024-03-01T12:00:00.000Z switchman[7] WARNING fence: killing the group\n']);
  assert.deepEqual(await r.sync(), []);
});

test('logger missing: one warning, then every line on stderr as before, none twice', async () => {
  const { logger, errLines } = syslogLogger('info', undefined, { syslogCommand: '/nonexistent/logger' });
  logger.info('START');
  logger.warning('w');
  await logger.flush();
  logger.info('FINISH');
  await logger.flush();
  assert.equal(errLines.length, 4, errLines.join(''));
  assert.match(errLines.find((l) => l.includes('syslog')) ?? '', /^\S+ switchman\[4242\] WARNING cannot log to syslog, using stderr error="cannot run logger: .*ENOENT/);
  assert.deepEqual(
    errLines.filter((l) => !l.includes('syslog')).map((l) => l.split(' ').slice(2).join(' ')),
    ['WARNING w\n', 'INFO START\n', 'INFO FINISH\n'],
  );
});

test('a logger that fails (exits non-zero) does not lose lines: they are replayed on stderr', async () => {
  const { logger, errLines } = syslogLogger('info', undefined, { syslogCommand: '/bin/false' });
  logger.info('START');
  logger.info('FINISH');
  await logger.flush();
  assert.deepEqual(
    errLines.map((l) => l.trim().split(' ').slice(2, 4).join(' ')),
    ['WARNING cannot', 'INFO START', 'INFO FINISH'],
  );
  assert.match(errLines[0]!, /error="logger exited with code 1"/);
});

// --- "configured": false --------------------------------------------------------------------

test('unconfigured, no logfile: the one line goes to syslog', opts, async () => {
  const r = await receiver();
  noteUnconfigured('/etc/switchman.conf', undefined, '/usr/bin/job', { pid: 99, syslogSocket: r.socketPath });
  await flushLogs();
  assert.deepEqual(await r.sync(), [
    { priority: CRON * 8 + 6, tag: 'switchman', pid: 99, message: 'INFO not configured: /etc/switchman.conf says "configured": false; not running /usr/bin/job' },
  ] satisfies SyslogMessage[]);
});

test('unconfigured: a writable logfile gets the line, syslog nothing; an unwritable one falls back to syslog', opts, async () => {
  const r = await receiver();
  const dir = mkdtempSync(join(tmpdir(), 'switchman-unconf-'));
  try {
    const log = join(dir, 'switchman.log');
    noteUnconfigured('/c', log, 'a', { pid: 1, now: T, syslogSocket: r.socketPath });
    noteUnconfigured('/c', join(dir, 'missing', 'switchman.log'), 'b', { pid: 2, syslogSocket: r.socketPath });
    await flushLogs();
    assert.equal(readFileSync(log, 'utf8'), '2024-03-01T12:00:00.000Z switchman[1] INFO not configured: /c says "configured": false; not running a\n');
    assert.deepEqual(
      (await r.sync()).map((m) => `${m.pid} ${m.message}`),
      ['2 INFO not configured: /c says "configured": false; not running b'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// --- the real switchman ---------------------------------------------------------------------

const e2eOpts = { ...zkTestOptions(), ...opts };
const unconfiguredOpts = opts;

const zk = new SharedZk();
before(() => void ensureBundle());
after(() => zk.dispose());

test('a successful run without a logfile prints nothing; START and FINISH reach syslog, facility cron', e2eOpts, async () => {
  const r = await receiver();
  const server = await zk.get();
  // No "logfile": JSON.stringify drops the undefined value.
  const setup = makeSetup(server.connectString, { logfile: undefined, loglevel: 'info', syslog_socket: r.socketPath });
  await (await zk.admin()).setGroups(setup.prefix, { g: setup.host });
  const run = runSwitchman(['-c', setup.configPath, '-g', 'g', '--lockname', 'quiet', '--', '/bin/true'], { host: setup.host });
  assert.deepEqual(await run.exited, { code: 0, signal: null });
  assert.equal(run.stdout(), '', 'nothing on stdout');
  assert.equal(run.stderr(), '', 'nothing on stderr: cron mails nothing');
  // switchman waited for logger before exiting: the lines are there already.
  const messages = await r.sync();
  assert.deepEqual(
    messages.map((m) => ({ ...m, message: m.message.split(' ').slice(0, 2).join(' ') })),
    [
      { priority: CRON * 8 + 6, tag: 'switchman', pid: run.pid, message: 'INFO START' },
      { priority: CRON * 8 + 6, tag: 'switchman', pid: run.pid, message: 'INFO FINISH' },
    ],
  );
  assert.match(messages[0]!.message, new RegExp(`^INFO START host=${setup.host} lock=quiet group=g pid=\\d+ cmd=/bin/true$`));
  assert.match(messages[1]!.message, / exit=0 status=code:0 reason=exited /);
});

test('"configured": false with an unwritable logfile: silent run, the line reaches syslog', unconfiguredOpts, async () => {
  const r = await receiver();
  const dir = mkdtempSync(join(tmpdir(), 'switchman-unconf-'));
  try {
    const config = join(dir, 'switchman.conf');
    writeFileSync(config, JSON.stringify({ configured: false, logfile: join(dir, 'no', 'such.log'), syslog_socket: r.socketPath }));
    const run = runSwitchman(['-c', config, '--lockname', 'j', '--', '/bin/true']);
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    assert.equal(run.stdout() + run.stderr(), '');
    assert.deepEqual(
      (await r.sync()).map((m) => `${m.priority} ${m.tag} ${m.pid} ${m.message}`),
      [`78 switchman ${run.pid} INFO not configured: ${config} says "configured": false; not running /bin/true`],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Ctrl-C (SIGINT to switchman\'s process group) does not kill logger: the lines after it reach syslog too', e2eOpts, async () => {
  const r = await receiver();
  const server = await zk.get();
  const setup = makeSetup(server.connectString, { logfile: undefined, loglevel: 'info', syslog_socket: r.socketPath, termination_timeout: 1 });
  await (await zk.admin()).setGroups(setup.prefix, { g: setup.host });
  // Its own process group, as a shell gives a foreground command, so the test can signal the group.
  const child = spawn(NODE, [BUNDLE, '-c', setup.configPath, '-g', 'g', '--lockname', 'ctrl-c', '--', '/bin/sleep', '30'], {
    env: testEnv({ SWITCHMAN_HOSTNAME: setup.host }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const pid = child.pid!;
  await waitFor(async () => (await r.sync()).some((m) => m.message.startsWith('INFO START ')), 10_000, 'START at the socket');
  process.kill(-pid, 'SIGINT');
  await exited;
  assert.equal(output, '', 'a stop by signal is no news for cron either');
  const messages = await r.sync();
  assert.ok(messages.every((m) => m.pid === pid && m.tag === 'switchman'));
  assert.deepEqual(
    messages.map((m) => m.message.replace(/ host=.*$/, '')),
    ['INFO START', 'INFO stop requested', 'INFO FINISH'],
  );
});
