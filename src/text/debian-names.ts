/** Debian's default NAME_REGEX (adduser.conf), with the 32-character limit of useradd. */
const userPattern = /^[a-z_][a-z0-9_-]*\$?$/;
export const maxUserNameBytes = 32;

/** Whether cron and adduser both take `name` as one user name. */
export function isDebianUserName(name: string): boolean {
  return userPattern.test(name) && Buffer.byteLength(name, 'utf8') <= maxUserNameBytes;
}
