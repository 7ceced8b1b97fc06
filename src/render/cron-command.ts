import type { PlannedJob } from '../plan/index.js';
import { escapeForCron } from './cron-escape.js';
import { shellQuote } from './shell-quote.js';

/** Where cron lines find switchman and its config on the box. */
export interface SwitchmanPaths {
  bin: string;
  config: string;
}

/** The command cron runs through /bin/sh: the -x guard, then switchman, every word quoted. */
export function cronCommand(planned: PlannedJob, group: string, switchman: SwitchmanPaths): string {
  const words = [
    switchman.bin, '--config', switchman.config, '--group', group, '--lockname', planned.lockName, '--',
    planned.scriptPath, ...planned.job.params,
  ];
  // The guard keeps cron quiet when the scripts package is removed but this file (a conffile) is not purged.
  return escapeForCron(`[ -x ${shellQuote(planned.scriptPath)} ] && ${words.map(shellQuote).join(' ')}`);
}
