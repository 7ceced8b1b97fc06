// The switchman command line that cronpack writes into every cron.d line (render/cron-command.ts)
// and switchman parses (switchman/cli.ts): one definition, and a round-trip test
// (test/contract/switchman-command.test.ts) that what one writes the other reads back.

/** Where Debian's switchman package puts the program and its config. */
export const DEFAULT_SWITCHMAN_BIN = '/usr/bin/switchman';
export const DEFAULT_SWITCHMAN_CONFIG = '/etc/switchman.conf';

/** One run of a job under switchman, as a cron line asks for it. */
export interface SwitchmanRun {
  config: string;
  group: string;
  lockname: string;
  /** --lease values, RESOURCE=COUNT:TOTAL. */
  leases?: readonly string[];
  command: string;
  args: readonly string[];
}

/** The arguments after the program: the options, then "--", so no word of the job's is ever read as an option. */
export function switchmanRunArgs(run: SwitchmanRun): string[] {
  const leases = (run.leases ?? []).flatMap((lease) => ['--lease', lease]);
  return ['--config', run.config, '--group', run.group, '--lockname', run.lockname, ...leases, '--', run.command, ...run.args];
}
