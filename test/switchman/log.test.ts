import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Logger, flushLogs, formatLine, formatMessage } from '../../src/switchman/log.js';
import type { LogLevel } from '../../src/switchman/log.js';

const T = new Date('2024-03-01T12:00:00.000Z');

test('one greppable line per event, values quoted only when needed', () => {
  const line = formatLine(T, 42, 'info', 'START', { host: 'box1.example.com', lock: 'job', pid: 7, cmd: '/bin/sh -c "x"', skip: undefined });
  assert.equal(line, '2024-03-01T12:00:00.000Z switchman[42] INFO START host=box1.example.com lock=job pid=7 cmd="/bin/sh -c \\"x\\""\n');
  assert.equal(formatLine(T, 1, 'error', 'two\nlines').split('\n').length, 2, 'newlines in messages are flattened');
});

test('syslog gets the same line without time and pid (syslog adds its own)', () => {
  assert.equal(formatMessage('warning', 'stop\nnow', { a: 'b c' }), 'WARNING stop now a="b c"');
  assert.equal(formatLine(T, 42, 'warning', 'stop\nnow', { a: 'b c' }), `2024-03-01T12:00:00.000Z switchman[42] ${formatMessage('warning', 'stop\nnow', { a: 'b c' })}\n`);
});

function capture(level: LogLevel, file: string | undefined) {
  const fileLines: string[] = [];
  const errLines: string[] = [];
  const logger = new Logger({
    level,
    file,
    pid: 1,
    now: () => T,
    appendFile: (_f, text) => void fileLines.push(text),
    writeStderr: (text) => void errLines.push(text),
  });
  return { logger, fileLines, errLines };
}

test('without a log file or syslog (the fence process), lines at or above the level go to stderr', () => {
  const { logger, fileLines, errLines } = capture('info', undefined);
  logger.debug('hidden');
  logger.info('shown');
  logger.critical('shown too');
  assert.equal(fileLines.length, 0);
  assert.deepEqual(errLines.map((l) => l.trim().split(' ')[3]), ['shown', 'shown']);
});

test('with a log file, warnings and worse are also copied to stderr', () => {
  const { logger, fileLines, errLines } = capture('debug', '/var/log/x');
  logger.debug('d');
  logger.info('i');
  logger.warning('w');
  logger.error('e');
  assert.equal(fileLines.length, 4);
  assert.deepEqual(errLines.map((l) => l.trim().split(' ')[3]), ['w', 'e']);
});

test('an unwritable log file falls back to stderr', () => {
  const errLines: string[] = [];
  const logger = new Logger({
    level: 'info',
    file: '/nonexistent/dir/log',
    now: () => T,
    writeStderr: (text) => void errLines.push(text),
  });
  logger.info('START');
  logger.info('FINISH');
  assert.equal(errLines.length, 3);
  assert.match(errLines[0] ?? '', /cannot write log file/);
  assert.match(errLines[2] ?? '', /FINISH/);
});

test('with syslog on, an unwritable log file still falls back to stderr, not syslog', async () => {
  const errLines: string[] = [];
  // A logger that cannot start: had a line gone the syslog way, its warning would show.
  const logger = new Logger({ level: 'info', file: '/nonexistent/dir/log', syslog: true, syslogCommand: '/nonexistent/logger', now: () => T, writeStderr: (text) => void errLines.push(text) });
  logger.info('START');
  logger.info('FINISH');
  await flushLogs();
  assert.deepEqual(
    errLines.map((l) => l.split(' ').slice(2, 4).join(' ').trim()),
    ['ERROR cannot', 'INFO START', 'INFO FINISH'],
  );
});

test('logger that cannot start: the lines reach stderr only once flushLogs() has waited for the verdict', async () => {
  const errLines: string[] = [];
  const logger = new Logger({ level: 'info', syslog: true, syslogCommand: '/nonexistent/logger', now: () => T, writeStderr: (text) => void errLines.push(text) });
  logger.info('START');
  // spawn reports ENOENT asynchronously: exiting here would lose the line.
  assert.deepEqual(errLines, []);
  await flushLogs();
  assert.equal(errLines.length, 2);
  assert.match(errLines[1] ?? '', /INFO START/);
});
