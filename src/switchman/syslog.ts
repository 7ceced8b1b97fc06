// Log lines to syslog, facility cron, as cron itself logs. Node has no Unix datagram sockets
// (and /dev/log is one), so the lines go through util-linux `logger` (Debian: bsdutils, which is
// Essential): one process per run, started on the first line, fed `<PRI>message` lines on its
// stdin. It runs in its own session, so a Ctrl-C or a signal to switchman's process group does
// not kill it halfway through a run, and it ends by itself when its stdin closes, even if
// switchman is killed.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import type { LogLevel } from './log-level.js';

export const SYSLOG_TAG = 'switchman';
/** LOG_CRON, cron's own facility: where rsyslog's cron.* rules look for what cron jobs did. */
export const SYSLOG_FACILITY_CRON = 9;
const SEVERITY: Record<LogLevel, number> = { debug: 7, info: 6, warning: 4, error: 3, critical: 2 };

/** `<PRI>` value of a line: facility * 8 + severity. */
export function syslogPriority(level: LogLevel, facility = SYSLOG_FACILITY_CRON): number {
  return facility * 8 + SEVERITY[level];
}

/**
 * The longest message we hand to logger, in bytes (rsyslog's default maximum). logger splits a
 * longer line into several messages, and a piece that happened to start with `<digits>` would
 * be read as a priority: we cut the line instead.
 */
export const SYSLOG_MAX_MESSAGE_BYTES = 8192;

/** `text` cut to at most `maxBytes` of UTF-8, on a character boundary, marked with `...` when cut. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes - 3);
  // Step back over continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return `${bytes.subarray(0, end).toString('utf8')}...`;
}

/**
 * logger's arguments (util-linux 2.38, Debian 12). `--id` takes its value only with `=`:
 * `--id 42` would log logger's own pid and the message "42".
 */
export function loggerArgs(pid: number, socket: string | undefined): string[] {
  const args = [`--id=${pid}`, '-t', SYSLOG_TAG, '--prio-prefix', `--size=${SYSLOG_MAX_MESSAGE_BYTES}`, '--socket-errors=off'];
  if (socket !== undefined) args.push('-u', socket);
  return args;
}

/** Debian's logger by its full path: a crontab's PATH may well lack /usr/bin. Elsewhere, PATH. */
export function defaultLoggerCommand(): string {
  return existsSync('/usr/bin/logger') ? '/usr/bin/logger' : 'logger';
}

/** How long close() waits for logger to send what it has and exit. */
export const SYSLOG_CLOSE_TIMEOUT_MS = 500;
// Lines kept to replay on stderr should logger fail: a run logs a few, so this bound only
// matters for very chatty long runs, whose oldest lines logger has long sent anyway.
const MAX_UNCONFIRMED = 1000;

export interface SyslogWriterOptions {
  /** The pid logged as `switchman[PID]`. */
  pid: number;
  /** The socket logger writes to; undefined: logger's default (/dev/log). */
  socket?: string | undefined;
  /** The logger executable; default defaultLoggerCommand(). */
  command?: string | undefined;
  /** Called once, when logger cannot be run or fails: the reason, for a warning. */
  onFailure: (reason: string) => void;
}

const live = new Set<SyslogWriter>();

/** Closes every writer that still has a logger running: what to await before process.exit. */
export async function closeAllSyslogWriters(timeoutMs = SYSLOG_CLOSE_TIMEOUT_MS): Promise<void> {
  await Promise.all([...live].map((w) => w.close(timeoutMs)));
}

/** One logger process and what we know of it. */
interface Helper {
  child: ChildProcess;
  /** We ended its stdin: exiting is what it should do now. */
  ending: boolean;
  /**
   * orElse of every line given to it, until it exits cleanly: a logger that dies or rejects
   * its options (busybox's, say) may not have sent them.
   */
  unconfirmed: Array<() => void>;
  stderrText: string;
  exited: Promise<void>;
}

/**
 * Lines to syslog through a logger process, started on the first send(). Each line comes
 * with `orElse`, run instead when logger could not take it (missing, failed to start, or
 * exited with an error): after a failure every line goes to its orElse, none is dropped.
 */
export class SyslogWriter {
  private current: Helper | undefined;
  // Helpers whose stdin close() has ended: close() still waits for them.
  private readonly ending = new Set<Helper>();
  private failed = false;

  constructor(private readonly options: SyslogWriterOptions) {}

  send(priority: number, message: string, orElse: () => void): void {
    const helper = this.failed ? undefined : (this.current ?? this.start());
    if (helper === undefined) {
      orElse();
      return;
    }
    helper.unconfirmed.push(orElse);
    if (helper.unconfirmed.length > MAX_UNCONFIRMED) helper.unconfirmed.shift();
    // One line per message: logger would make each extra line a message of its own.
    const oneLine = message.replace(/[\r\n]+/g, ' ');
    helper.child.stdin?.write(`<${priority}>${truncateUtf8(oneLine, SYSLOG_MAX_MESSAGE_BYTES)}\n`);
  }

  /** Ends logger's input and waits (at most timeoutMs) for it to send everything and exit. A later send() starts a new logger. */
  async close(timeoutMs = SYSLOG_CLOSE_TIMEOUT_MS): Promise<void> {
    const helper = this.current;
    if (helper !== undefined) {
      this.current = undefined;
      helper.ending = true;
      this.ending.add(helper);
      helper.child.stdin?.end();
    }
    if (this.ending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    // On timeout logger is left to finish alone (it is in its own session): killing it would lose lines.
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.ending].map((h) => h.exited)), timeout]);
    clearTimeout(timer);
  }

  private start(): Helper | undefined {
    let child: ChildProcess;
    try {
      child = spawn(this.options.command ?? defaultLoggerCommand(), loggerArgs(this.options.pid, this.options.socket), {
        stdio: ['pipe', 'ignore', 'pipe'],
        // Its own session: out of reach of signals to switchman's group and terminal.
        detached: true,
        cwd: '/',
      });
    } catch (error) {
      this.fail(`cannot run logger: ${(error as Error).message}`, []);
      return undefined;
    }
    let markExited = (): void => undefined;
    const helper: Helper = { child, ending: false, unconfirmed: [], stderrText: '', exited: new Promise<void>((resolve) => (markExited = resolve)) };
    this.current = helper;
    live.add(this);
    // Writes after logger died fail with EPIPE: the exit handling below deals with the lines.
    child.stdin?.on('error', () => undefined);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (helper.stderrText.length < 500) helper.stderrText += chunk.toString('utf8');
    });
    let done = false;
    const finish = (problem: string | undefined): void => {
      if (done) return;
      done = true;
      if (this.current === helper) this.current = undefined;
      this.ending.delete(helper);
      if (this.current === undefined && this.ending.size === 0) live.delete(this);
      if (problem !== undefined) {
        const detail = helper.stderrText.trim().split('\n')[0] ?? '';
        this.fail(detail === '' ? problem : `${problem}: ${detail}`, helper.unconfirmed);
      }
      helper.unconfirmed = [];
      markExited();
    };
    // A spawn failure (ENOENT, EACCES) comes as 'error' with no pid.
    child.on('error', (error) => {
      if (child.pid === undefined) finish(`cannot run logger: ${error.message}`);
    });
    child.once('close', (code, signal) => {
      if (code === 0 && helper.ending) finish(undefined);
      else if (signal !== null) finish(`logger was killed by ${signal}`);
      else if (code === 0) finish('logger exited early');
      else finish(`logger exited with code ${String(code)}`);
    });
    // Neither logger nor its pipes keep switchman alive: close() is what waits for them.
    child.unref();
    for (const stream of [child.stdin, child.stderr]) if (stream instanceof Socket) stream.unref();
    return helper;
  }

  private fail(reason: string, unsent: Array<() => void>): void {
    if (!this.failed) {
      this.failed = true;
      this.options.onFailure(reason);
    }
    for (const orElse of unsent) orElse();
  }
}
