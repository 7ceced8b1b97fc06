// Exit codes of switchman. The job's own code passes through unchanged; the codes
// below are switchman's own. They follow sysexits.h where one fits, so they are
// unlikely to clash with what a cron script returns by itself.
import { constants as osConstants } from 'node:os';

export const EXIT_OK = 0;
/** Bad command line (unknown option, missing command, --lease/--queue). sysexits EX_USAGE. */
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
    default:
      return reason.kind;
  }
}
