import type { PlannedJob } from '../plan/index.js';
import { escapeForCron } from './cron-escape.js';
import { shellQuote } from './shell-quote.js';
import { switchmanRunArgs } from '../contract/switchman-command.js';

/** Where cron lines find switchman and its config on the box. */
export interface SwitchmanPaths {
  bin: string;
  config: string;
}

/** util-linux's runuser (Essential in Debian): no password, no setuid bit, the target user's HOME, LOGNAME and USER. */
export const runuserPath = '/usr/sbin/runuser';

/** The jobs manifest a cron package installs: the file that says "this package is installed". */
export function manifestPathFor(manifestDir: string, cronFileName: string): string {
  return `${manifestDir.replace(/\/+$/, '')}/${cronFileName}.json`;
}

export interface CommandContext {
  /** The cron.d file (and Debian package) name. */
  name: string;
  group: string;
  switchman: SwitchmanPaths;
  manifestDir: string;
}

/**
 * The command cron runs through /bin/sh, as root. It runs only while all it
 * needs is installed: the manifest that the package owning this cron.d file
 * ships (gone once that package is removed, purged or not), switchman, and
 * the script; otherwise it exits 0 and prints nothing, so cron mails nothing.
 * Jobs of other users are started through runuser, so a user missing on a
 * box fails that job alone with runuser's message; a cron.d line naming an
 * unknown user would make cron ignore the whole file.
 */
export function cronCommand(planned: PlannedJob, context: CommandContext): string {
  const guards = [manifestPathFor(context.manifestDir, context.name), context.switchman.bin, planned.scriptPath];
  const test = guards.map((path, i) => `[ ${i === 0 ? '-f' : '-x'} ${shellQuote(path)} ]`).join(' && ');
  const asUser = planned.user === 'root' ? [] : [runuserPath, '-u', planned.user, '--'];
  const words = [
    ...asUser,
    context.switchman.bin,
    ...switchmanRunArgs({ config: context.switchman.config, group: context.group, lockname: planned.lockName, leases: planned.job.leases ?? [], command: planned.scriptPath, args: planned.job.params }),
  ];
  return escapeForCron(`if ${test}; then ${words.map(shellQuote).join(' ')}; fi`);
}
