// One line per event: `<ISO time> switchman[<pid>] <LEVEL> <message> key=value ...`.
// Lines at or above `loglevel` go to the log file, or to stderr when there is none.
// With a log file, lines at warning and above are also copied to stderr (cron mails them).
import { closeSync, openSync, writeSync } from 'node:fs';

export const LOG_LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

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

export function formatLine(time: Date, pid: number, level: LogLevel, message: string, fields: LogFields = {}): string {
  const rest = formatFields(fields);
  const oneLine = message.replace(/[\r\n]+/g, ' ');
  return `${time.toISOString()} switchman[${pid}] ${level.toUpperCase()} ${oneLine}${rest === '' ? '' : ` ${rest}`}\n`;
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
  pid?: number;
  now?: () => Date;
  appendFile?: (file: string, text: string) => void;
  writeStderr?: (text: string) => void;
}

export class Logger {
  private level: LogLevel;
  private file: string | undefined;
  private readonly pid: number;
  private readonly now: () => Date;
  private readonly appendFile: (file: string, text: string) => void;
  private readonly writeStderr: (text: string) => void;

  constructor(options: LoggerOptions) {
    this.level = options.level;
    this.file = options.file;
    this.pid = options.pid ?? process.pid;
    this.now = options.now ?? (() => new Date());
    this.appendFile = options.appendFile ?? appendToFile;
    this.writeStderr = options.writeStderr ?? writeToStderr;
  }

  configure(level: LogLevel, file: string | undefined): void {
    this.level = level;
    this.file = file;
  }

  log(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (rank(level) < rank(this.level)) return;
    const line = formatLine(this.now(), this.pid, level, message, fields);
    if (this.file === undefined) {
      this.writeStderr(line);
      return;
    }
    try {
      this.appendFile(this.file, line);
    } catch (error) {
      const file = this.file;
      this.file = undefined;
      this.writeStderr(formatLine(this.now(), this.pid, 'error', 'cannot write log file, using stderr', { file, error: String(error) }));
      this.writeStderr(line);
      return;
    }
    if (rank(level) >= rank('warning')) this.writeStderr(line);
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
