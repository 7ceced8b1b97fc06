/**
 * The lintian overrides a package ships (usr/share/lintian/overrides/PKG),
 * each after a comment that says why the tag does not apply. Pure.
 */
import type { ScriptTag } from './interpreters.js';

const timerReason =
  '# The jobs are cron\'s by design: switchman runs each on one host of its group at a time; a systemd timer would run it on every box.';

const changelogReason = '# A private package, not an upload to Debian: there is no ITP bug for its first changelog entry to close.';

export interface Override {
  comment: string;
  override: string;
}

export function renderOverrides(lines: readonly Override[]): string {
  return lines.map(({ comment, override }) => `${comment}\n${override}\n`).join('');
}

export function scriptOverride(tag: ScriptTag): Override {
  return { comment: `# ${tag.path} ships as the repository has it: ${tag.reason}.`, override: `${tag.tag}${tag.hasContext ? ' *' : ''} [${tag.path}]` };
}

/** A cron package's cron.d file: lintian asks for a systemd timer instead. */
export function cronTimerOverride(cronFileName: string): Override {
  return { comment: timerReason, override: `missing-systemd-timer-for-cron-script [etc/cron.d/${cronFileName}]` };
}

/** The overrides for the changelog of every package, at `changelogPath` (no leading "/"). */
export function changelogOverrides(version: string, changelogPath: string): Override[] {
  // lintian's check is for Debian's archive: one "-1" entry there is an initial upload, which closes an ITP bug.
  if (/-1$/.test(version)) return [{ comment: changelogReason, override: `initial-upload-closes-no-bugs [${changelogPath}:1]` }];
  return [];
}
