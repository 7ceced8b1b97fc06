// A box whose switchman config still says "configured": false: nothing runs, and the only
// trace is one line in the log file, or in syslog without one (or when the file cannot be
// written). Never stderr: cron would mail every run of every job.
import { appendFileSync } from 'node:fs';
import { formatLine, formatMessage } from './log.js';
import { SyslogWriter, syslogPriority } from './syslog.js';

export interface NoteUnconfiguredOptions {
  now?: Date;
  pid?: number;
  /** The syslog socket; default: logger's own (/dev/log). */
  syslogSocket?: string | undefined;
  /** The logger executable (tests). */
  syslogCommand?: string | undefined;
}

/** Writes the line; a syslog line is handed over by flushLogs() (log.ts), which main awaits before exiting. */
export function noteUnconfigured(configPath: string, logfile: string | undefined, command: string, options: NoteUnconfiguredOptions = {}): void {
  const pid = options.pid ?? process.pid;
  const message = `not configured: ${configPath} says "configured": false; not running ${command}`;
  if (logfile !== undefined) {
    try {
      appendFileSync(logfile, formatLine(options.now ?? new Date(), pid, 'info', message));
      return;
    } catch {
      // Not writable (say, the package's log file is not there): syslog still keeps a trace.
    }
  }
  // Should syslog fail too, staying silent is still better than a mail per job per run.
  const writer = new SyslogWriter({ pid, socket: options.syslogSocket, command: options.syslogCommand, onFailure: () => undefined });
  writer.send(syslogPriority('info'), formatMessage('info', message), () => undefined);
}
