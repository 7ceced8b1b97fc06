/**
 * Escapes a shell command for the command field of a cron line. Debian's cron
 * (do_command.c) turns an unescaped "%" into a newline and sends the rest to
 * stdin, turns "\%" into "%" and "\\" into "\", and keeps any other "\x".
 * So every "\" is doubled and every "%" gets a "\": cron hands /bin/sh exactly
 * the command we meant.
 */
export function escapeForCron(command: string): string {
  return command.replace(/[\\%]/g, (ch) => `\\${ch}`);
}
