import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Logger, formatLine } from '../../src/switchman/log.js';
import type { LogLevel } from '../../src/switchman/log.js';

const T = new Date('2024-03-01T12:00:00.000Z');

test('one greppable line per event, values quoted only when needed', () => {
  const line = formatLine(T, 42, 'info', 'START', { host: 'box1.example.com', lock: 'job', pid: 7, cmd: '/bin/sh -c "x"', skip: undefined });
  assert.equal(line, '2024-03-01T12:00:00.000Z switchman[42] INFO START host=box1.example.com lock=job pid=7 cmd="/bin/sh -c \\"x\\""\n');
  assert.equal(formatLine(T, 1, 'error', 'two\nlines').split('\n').length, 2, 'newlines in messages are flattened');
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

test('without a log file, lines at or above the level go to stderr', () => {
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
