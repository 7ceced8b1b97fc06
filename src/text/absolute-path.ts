import { posix } from 'node:path';
import { findUnsafeCharacter } from './unsafe-character.js';

/** Linux's PATH_MAX, terminating NUL included. */
export const maxPathBytes = 4095;
/** Linux's NAME_MAX: the longest name of one file or folder. */
export const maxNameBytes = 255;

/**
 * Why `path` is not an absolute, normalised POSIX path fit for a generated
 * file (cron line, package tree), or undefined when it is. Shell quoting of
 * blanks, quotes, "$" and "%" is the renderer's job; this refuses only what no
 * quoting makes right.
 */
export function absolutePathProblem(path: string): string | undefined {
  const unsafe = findUnsafeCharacter(path);
  if (unsafe) return `contains ${unsafe.description} at character ${unsafe.index + 1}`;
  if (!path.startsWith('/')) return 'is not an absolute path (it must start with "/")';
  if (Buffer.byteLength(path, 'utf8') > maxPathBytes) return `is longer than ${maxPathBytes} bytes (PATH_MAX)`;
  const long = path.split('/').find((name) => Buffer.byteLength(name, 'utf8') > maxNameBytes);
  if (long !== undefined) return `has a name longer than ${maxNameBytes} bytes (NAME_MAX): "${long.slice(0, 20)}…"`;
  const normal = posix.normalize(path);
  if (path !== '/' && path.endsWith('/')) return `ends with "/" (write "${path.replace(/\/+$/, '') || '/'}")`;
  if (normal !== path) return `is not normalised (write "${normal.replace(/(.)\/+$/, '$1')}")`;
  return undefined;
}
