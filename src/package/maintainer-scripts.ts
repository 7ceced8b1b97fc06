/**
 * Maintainer scripts of the cron packages, as plain POSIX sh: dpkg runs them
 * with their arguments ("configure", "upgrade"...). Pure text; the plan puts
 * them in DEBIAN/ (and debian/<pkg>.<script> in the source tree).
 */
import { shellQuote } from '../render/shell-quote.js';

export type MaintainerScriptName = 'preinst' | 'postinst' | 'postrm';
export type MaintainerScripts = Partial<Record<MaintainerScriptName, string>>;

/** A script's body with its header. */
function script(comment: string, body: string[]): string {
  return ['#!/bin/sh', `# ${comment}`, 'set -e', '', ...body, '', 'exit 0', ''].join('\n');
}

/** The same script for a debian/ source tree: debhelper puts its own part where "#DEBHELPER#" stands. */
export function withDebhelperToken(text: string): string {
  return text.replace(/\nexit 0\n$/, '\n#DEBHELPER#\n\nexit 0\n');
}

/**
 * postinst of a cron package. Debian's cron rereads a cron.d file only when
 * its mtime changes (database.c), and dpkg gives the file the build's
 * SOURCE_DATE_EPOCH, which a pinned epoch (or no git) keeps equal across
 * releases: so the file is touched, and cron reads the new jobs. With jobs
 * of users other than root, it also warns about each user this box lacks:
 * those jobs fail (runuser says so, and cron mails it); the others run.
 */
export function cronPackagePostinst(packageName: string, users: readonly string[]): string {
  const cronFile = `/etc/cron.d/${packageName}`;
  const body = ['if [ "$1" = configure ]; then', `\tif [ -f ${cronFile} ]; then touch ${cronFile}; fi`];
  if (users.length > 0) {
    body.push(
      `\tfor user in ${users.map(shellQuote).join(' ')}; do`,
      '\t\tif ! getent passwd "$user" >/dev/null; then',
      `\t\t\techo "${packageName}: warning: user $user does not exist on $(uname -n): its jobs in ${cronFile} fail until it is created; the other jobs run." >&2`,
      '\t\tfi',
      '\tdone',
    );
  }
  body.push('fi');
  return script(`${packageName}: make cron reread ${cronFile}${users.length > 0 ? '; warn about job users this box lacks' : ''}.`, body);
}

/**
 * The dpkg-maintscript-helper call that removes a retired group's cron.d file
 * (a conffile, which dpkg would otherwise keep) when the empty package that
 * replaces it is installed over it; `firstVersion` is the first release
 * without it. debhelper writes the same call from debian/<pkg>.maintscript.
 */
export function rmConffileLine(cronFile: string, firstVersion: string, packageName: string): string {
  return `rm_conffile ${cronFile} ${firstVersion}~ ${packageName}`;
}

/**
 * preinst, postinst and postrm running one dpkg-maintscript-helper line,
 * marked as a generated section exactly as dh_installdeb marks its own (lintian
 * accepts the helper there, and asks hand-written scripts to use .maintscript files).
 */
export function maintscriptHelperScripts(packageName: string, line: string): MaintainerScripts {
  const call = ['# Automatically added by cronpack', `dpkg-maintscript-helper ${line} -- "$@"`, '# End automatically added section'];
  const comment = `${packageName}: ${line.split(' ')[0]} through dpkg-maintscript-helper.`;
  return { preinst: script(comment, call), postinst: script(comment, call), postrm: script(comment, call) };
}
