import { randomBytes } from 'node:crypto';

/**
 * Names of the folders cronpack makes beside an output path `<base>`: each
 * version is ".<base>.cronpack-<pid>-<8 hex>" (the output path is a symlink to
 * one of them), and the symlink being swapped in is that name plus ".link".
 * The pid lets the next run tell a dead run's leftovers from a live run's work.
 */
export function newVersionName(base: string, pid: number = process.pid): string {
  return `.${base}.cronpack-${pid}-${randomBytes(4).toString('hex')}`;
}

export function isVersionName(base: string, name: string): boolean {
  return new RegExp(`^\\.${escapeRegExp(base)}\\.cronpack-\\d+-[0-9a-f]{8}$`).test(name);
}

/**
 * The pid in a name cronpack gives to folders and links beside the output
 * `<base>`, including the ".<base>.tmp-<pid>" and ".<base>.old-<pid>" that
 * cronpack used before the symlink swap; undefined for any other name.
 */
export function leftoverPid(base: string, name: string): number | undefined {
  const match = new RegExp(`^\\.${escapeRegExp(base)}\\.(?:cronpack-(\\d+)-[0-9a-f]{8}(?:\\.link)?|(?:tmp|old)-(\\d+))$`).exec(name);
  return match ? Number(match[1] ?? match[2]) : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
