// A box whose switchman config still says "configured": false: nothing runs, and the only
// trace is one line in the log file. No stderr: cron would mail every run of every job.
import { appendFileSync } from 'node:fs';
import { formatLine } from './log.js';

export function noteUnconfigured(configPath: string, logfile: string, command: string, now: Date = new Date()): void {
  const line = formatLine(now, process.pid, 'info', `not configured: ${configPath} says "configured": false; not running ${command}`, {});
  try {
    appendFileSync(logfile, line);
  } catch {
    // The log cannot be written either: staying silent is still better than a mail per job per run.
  }
}
