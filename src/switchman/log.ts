// One line per event: `<ISO time> switchman[<pid>] <LEVEL> <message> key=value ...`.
// Lines at or above `loglevel` go to the log file; without one, to syslog (facility cron, as
// `switchman[<pid>]: <LEVEL> <message> ...`) when the Logger is made with `syslog: true`, as
// switchman's runs are, else to stderr. Lines at warning and above are also copied to stderr
// (cron mails them): a run that goes well prints nothing.
import { closeSync, openSync, writeSync } from 'node:fs';
import { SyslogWriter, closeAllSyslogWriters, syslogPriority } from './syslog.js';

import { LOG_LEVELS, isLogLevel } from './log-level.js';
import type { LogLevel } from './log-level.js';

export { LOG_LEVELS, isLogLevel };
export type { LogLevel };

export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;


function rank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

/** A value as it appears after `key=`: bare when it is a plain word, JSON-quoted otherwise. */
export function formatValue(value: Exclude<LogValue, undefined>): string {
  const text = String(value);
  if (text !== '' && /^[A-Za-z0-9_.,:/@+%-]+$/.test(text)) return text;
  return JSON.stringify(text);
}

export function formatFields(fields: LogFields): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(' ');
}

/** `<LEVEL> <message> key=value ...`: a line without its time and pid, as syslog gets it (it adds its own). */
export function formatMessage(level: LogLevel, message: string, fields: LogFields = {}): string {
  const rest = formatFields(fields);
  const oneLine = message.replace(/[\r\n]+/g, ' ');
  return `${level.toUpperCase()} ${oneLine}${rest === '' ? '' : ` ${rest}`}`;
}

export function formatLine(time: Date, pid: number, level: LogLevel, message: string, fields: LogFields = {}): string {
  return `${time.toISOString()} switchman[${pid}] ${formatMessage(level, message, fields)}\n`;
}

// Plain synchronous writes: a log line is never lost to process.exit, and no stream is set up.
let openFile: { path: string; fd: number } | undefined;
function appendToFile(path: string, text: string): void {
  if (openFile?.path !== path) {
    if (openFile !== undefined) closeSync(openFile.fd);
    openFile = { path, fd: openSync(path, 'a') };
  }
  writeSync(openFile.fd, text);
}

function writeToStderr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // stderr closed: nowhere left to complain.
  }
}

export interface LoggerOptions {
  level: LogLevel;
  file?: string | undefined;
  /**
   * Without a file, send lines to syslog instead of stderr. Off by default: the fence process
   * logs only rare warnings, which go to stderr anyway, and must not start a logger for them.
   */
  syslog?: boolean;
  /** The syslog socket; default: logger's own (/dev/log). */
  syslogSocket?: string | undefined;
  /** The logger executable; default /usr/bin/logger (tests point it elsewhere). */
  syslogCommand?: string | undefined;
  pid?: number;
  now?: () => Date;
  appendFile?: (file: string, text: string) => void;
  writeStderr?: (text: string) => void;
}

/** Waits (bounded) until every Logger's syslog lines are handed over: await it before process.exit. */
export function flushLogs(timeoutMs?: number): Promise<void> {
  return closeAllSyslogWriters(timeoutMs);
}

export class Logger {
  private level: LogLevel;
  private file: string | undefined;
  // The log file could not be written: stderr from then on, as before syslog existed.
  private fileFailed = false;
  private readonly syslog: boolean;
  private syslogSocket: string | undefined;
  private readonly syslogCommand: string | undefined;
  private writer: SyslogWriter | undefined;
  // Writers left behind by configure() with another socket: flush() still waits for them.
  private retired: SyslogWriter[] = [];
  private warnedSyslog = false;
  private readonly pid: number;
  private readonly now: () => Date;
  private readonly appendFile: (file: string, text: string) => void;
  private readonly writeStderr: (text: string) => void;

  constructor(options: LoggerOptions) {
    this.level = options.level;
    this.file = options.file;
    this.syslog = options.syslog ?? false;
    this.syslogSocket = options.syslogSocket;
    this.syslogCommand = options.syslogCommand;
    this.pid = options.pid ?? process.pid;
    this.now = options.now ?? (() => new Date());
    this.appendFile = options.appendFile ?? appendToFile;
    this.writeStderr = options.writeStderr ?? writeToStderr;
  }

  /** Applies the config; `syslogSocket` only when given (undefined keeps the current one). */
  configure(level: LogLevel, file: string | undefined, syslogSocket?: string): void {
    this.level = level;
    this.file = file;
    this.fileFailed = false;
    if (syslogSocket !== undefined && syslogSocket !== this.syslogSocket) {
      this.syslogSocket = syslogSocket;
      if (this.writer !== undefined) this.retired.push(this.writer);
      this.writer = undefined;
    }
  }

  /** Ends the syslog helper and waits (bounded) until it has sent every line; a later line starts a new one. */
  async flush(timeoutMs?: number): Promise<void> {
    const writers = [...this.retired, ...(this.writer === undefined ? [] : [this.writer])];
    this.retired = [];
    await Promise.all(writers.map((w) => w.close(timeoutMs)));
  }

  log(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (rank(level) < rank(this.level)) return;
    const line = formatLine(this.now(), this.pid, level, message, fields);
    const copyToStderr = rank(level) >= rank('warning');
    if (this.file !== undefined && !this.fileFailed) {
      try {
        this.appendFile(this.file, line);
      } catch (error) {
        this.fileFailed = true;
        this.writeStderr(formatLine(this.now(), this.pid, 'error', 'cannot write log file, using stderr', { file: this.file, error: String(error) }));
        this.writeStderr(line);
        return;
      }
      if (copyToStderr) this.writeStderr(line);
      return;
    }
    if (!this.syslog || this.fileFailed) {
      this.writeStderr(line);
      return;
    }
    if (copyToStderr) this.writeStderr(line);
    // When logger cannot take the line, stderr gets it, unless it has it already.
    this.syslogWriter().send(syslogPriority(level), formatMessage(level, message, fields), copyToStderr ? () => undefined : () => this.writeStderr(line));
  }

  private syslogWriter(): SyslogWriter {
    this.writer ??= new SyslogWriter({
      pid: this.pid,
      socket: this.syslogSocket,
      command: this.syslogCommand,
      onFailure: (reason) => {
        if (this.warnedSyslog) return;
        this.warnedSyslog = true;
        this.writeStderr(formatLine(this.now(), this.pid, 'warning', 'cannot log to syslog, using stderr', { error: reason }));
      },
    });
    return this.writer;
  }

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }
  warning(message: string, fields?: LogFields): void {
    this.log('warning', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }
  critical(message: string, fields?: LogFields): void {
    this.log('critical', message, fields);
  }
}
