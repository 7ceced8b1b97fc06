// Exit codes of switchman. The job's own code passes through unchanged; the codes
// below are switchman's own. They follow sysexits.h where one fits, so they are
// unlikely to clash with what a cron script returns by itself.
import { constants as osConstants } from 'node:os';

export const EXIT_OK = 0;
/** Bad command line (unknown option, missing command, an unreadable --lease). sysexits EX_USAGE. */
export const EXIT_USAGE = 64;
/** switchman's own bug. sysexits EX_SOFTWARE. */
export const EXIT_INTERNAL = 70;
/** The job was stopped because the lock or the permission to run here was lost. sysexits EX_TEMPFAIL. */
export const EXIT_LOST = 75;
/** Config file, ZooKeeper data or ZooKeeper connection error (includes an unknown group). sysexits EX_CONFIG. */
export const EXIT_CONFIG = 78;
/** `switchman status` only: the config says "configured": false (runs exit 0 then). */
export const EXIT_NOT_CONFIGURED = 79;
/** The command exists but could not be executed (shell convention). */
export const EXIT_CANNOT_EXECUTE = 126;
/** The command was not found (shell convention). */
export const EXIT_NOT_FOUND = 127;
/** 128 + N: the job died from signal N, or switchman itself was stopped by signal N. */
export const EXIT_SIGNAL_BASE = 128;

/** One row of the exit status documentation. */
export interface ExitStatusDoc {
  /** The code, or codes: "0", "1-125", "128+N". */
  code: string;
  /** One line, for --help. */
  brief: string;
  /** The whole story, for the man page's EXIT STATUS. */
  meaning: string;
}

/** Every exit code above, documented once: --help (cli.ts), the man page (scripts/man-pages.mjs) and docs/switchman.md (its table is generated; test/switchman/exit-codes.test.ts) show this table. */
export const EXIT_STATUS: readonly ExitStatusDoc[] = [
  {
    code: String(EXIT_OK),
    brief: 'the job succeeded; also, quietly: not in GROUP, lock busy, not configured',
    meaning:
      'The job succeeded. Also, without running it and quietly: this host is not in GROUP, another host holds the lock (see --not-allowed-exit-code and --lock-busy-exit-code), or the config says "configured": false.',
  },
  { code: '1-125', brief: "the job's own code", meaning: "The job's own exit code, passed through unchanged." },
  {
    code: String(EXIT_USAGE),
    brief: 'bad usage',
    meaning:
      'Usage error: an unknown option, no command, a --lease that cannot be read, or a lock name ZooKeeper would refuse (empty, ".", "..", a "/", control characters, U+D800-U+F8FF, U+FFF0-U+FFFF, more than 512 characters: so "-- /" needs --lockname).',
  },
  { code: String(EXIT_INTERNAL), brief: 'internal error', meaning: "switchman's own failure: the fence could not be started, or an internal error." },
  {
    code: String(EXIT_LOST),
    brief: 'lock or permission lost',
    meaning:
      'The job was stopped because the lock or the permission to run was lost: this host left the group, the group vanished, the lock node was deleted or taken, the ZooKeeper connection was lost (fencing) or the session expired, or this host was drained or the group or job paused (switchman drain, switchman pause). Also, with nothing run: resources_wait_timeout passed before the --lease leases were held, or ZooKeeper was lost (silent, or the session gone) after connecting and before the job started ("lost ZooKeeper; not running the job").',
  },
  {
    code: String(EXIT_CONFIG),
    brief: 'config or ZooKeeper error',
    meaning:
      'Config or ZooKeeper error: the config file is unreadable or invalid, ZooKeeper unreachable within connect_timeout, no groups node at the prefix, an invalid groups document, an unknown group, a --lease on a resource the prefix\'s "resources" do not list, or resource nodes that disagree ("Totals mismatch"). Nothing was run.',
  },
  {
    code: String(EXIT_NOT_CONFIGURED),
    brief: 'not configured ("switchman status" only)',
    meaning: '"switchman status" only: the config says "configured": false (runs exit 0 then).',
  },
  { code: String(EXIT_CANNOT_EXECUTE), brief: 'cannot execute CMD', meaning: 'CMD exists but cannot be executed.' },
  { code: String(EXIT_NOT_FOUND), brief: 'CMD not found', meaning: 'CMD was not found.' },
  {
    code: `${EXIT_SIGNAL_BASE}+N`,
    brief: 'the job died from signal N, or switchman got signal N',
    meaning:
      'The job died from signal N (137: SIGKILL, 143: SIGTERM), or switchman itself was stopped by signal N: 129 SIGHUP, 130 SIGINT, 138 SIGUSR1 (drain), 143 SIGTERM.',
  },
];

/** How the job's main process ended, as Node reports it. */
export interface JobStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function signalNumber(signal: NodeJS.Signals): number {
  const n = (osConstants.signals as Record<string, number | undefined>)[signal];
  if (n === undefined) throw new Error(`unknown signal ${signal}`);
  return n;
}

/** The job's own code, or 128+signal when it died from a signal (like a shell reports it). */
export function exitCodeForJob(status: JobStatus): number {
  if (status.signal !== null) return EXIT_SIGNAL_BASE + signalNumber(status.signal);
  if (status.code !== null) return status.code;
  return EXIT_INTERNAL;
}

/** Why a run ended. */
export type StopReason =
  | { kind: 'exited' }
  | { kind: 'lost-lock'; detail: string }
  | { kind: 'lost-permission'; detail: string }
  | { kind: 'zk-lost'; detail: string }
  /** A drain of this host or a pause of the group or job, given in ZooKeeper (switchman drain/pause). */
  | { kind: 'held-back'; cause: 'drained' | 'paused'; detail: string }
  | { kind: 'signal'; signal: NodeJS.Signals };

/**
 * The exit code of switchman for a run whose job was started.
 * - the job ended by itself: its own code (or 128+signal);
 * - switchman stopped it because the lock, the permission or the ZooKeeper connection was lost: EXIT_LOST;
 * - switchman got a signal (TERM, INT, HUP, USR1 = drain): 128 + that signal.
 */
export function exitCodeForRun(reason: StopReason, status: JobStatus): number {
  switch (reason.kind) {
    case 'exited':
      return exitCodeForJob(status);
    case 'lost-lock':
    case 'lost-permission':
    case 'zk-lost':
    case 'held-back':
      return EXIT_LOST;
    case 'signal':
      return EXIT_SIGNAL_BASE + signalNumber(reason.signal);
  }
}

/** Spawn errors (errno code) to shell-like exit codes. */
export function exitCodeForSpawnError(errno: string | undefined): number {
  return errno === 'ENOENT' ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE;
}

export function describeReason(reason: StopReason): string {
  switch (reason.kind) {
    case 'exited':
      return 'exited';
    case 'signal':
      return reason.signal === 'SIGUSR1' ? 'drain' : `signal:${reason.signal}`;
    case 'held-back':
      return reason.cause;
    default:
      return reason.kind;
  }
}
