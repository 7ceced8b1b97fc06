// How the run's log lines show a command and a job's end.
import type { JobStatus } from '../exit-codes.js';

/** The command as a shell would take it back: plain words bare, the rest JSON-quoted. */
export function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

export function formatStatus(status: JobStatus): string {
  if (status.signal !== null) return `signal:${status.signal}`;
  return status.code === null ? 'unknown' : `code:${status.code}`;
}
