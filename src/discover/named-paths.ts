import { isUtf8 } from 'node:buffer';
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/report.js';
import { CronpackError } from '../core/errors.js';
import { errorReason, escapeFileName, pathTooLongReason, shortPath } from './path-text.js';

export type Scope = { kind: 'dir' | 'file'; path: string };

const top = { line: 1, column: 1 };
const toPosix = (path: string): string => path.split(sep).join('/');

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The bytes of a name whose argv bytes were not UTF-8 (Node turned them into U+FFFD), when its folder holds one. */
function mangledName(absolute: string): Buffer | undefined {
  if (!basename(absolute).includes('\uFFFD')) return undefined;
  try {
    return readdirSync(dirname(absolute), { encoding: 'buffer' }).find((bytes) => !isUtf8(bytes) && bytes.toString('utf8') === basename(absolute));
  } catch {
    return undefined;
  }
}

/**
 * The files and folders named on the command line (a pre-commit hook's list),
 * as scopes of the walk. A path outside the root or missing is a usage error.
 * What a full scan would skip is skipped here too, with a warning that says
 * why: a symlink leading outside the root, a name that is not UTF-8, a path
 * too long to open. A dangling symlink is not a script, as in a full scan.
 */
export function resolveNamedPaths(root: string, realRoot: string, given: readonly string[], cwd: string): { scopes: Scope[]; diagnostics: Diagnostic[] } {
  const scopes: Scope[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of given) {
    const absolute = resolve(cwd, path);
    if (!isInside(root, absolute)) throw new CronpackError(`${shortPath(path)} is outside the repository root ${root}; name files inside it`);
    const rel = toPosix(relative(root, absolute));
    const tooLong = pathTooLongReason(absolute);
    if (tooLong !== undefined) {
      diagnostics.push(createDiagnostic(rel, { messageId: 'pathTooLong', loc: top, data: { reason: tooLong } }));
      continue;
    }
    let link: Stats;
    try {
      link = lstatSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const bytes = code === 'ENOENT' ? mangledName(absolute) : undefined;
      if (bytes) {
        const folder = toPosix(relative(root, dirname(absolute)));
        const file = folder === '' ? escapeFileName(bytes) : `${folder}/${escapeFileName(bytes)}`;
        const isFolder = isFolderAt(Buffer.concat([Buffer.from(`${dirname(absolute)}/`), bytes]));
        diagnostics.push(createDiagnostic(file, { messageId: 'nonUtf8Name', loc: top, data: { kind: isFolder ? 'folder' : 'file' } }));
        continue;
      }
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new CronpackError(`${shortPath(path)}: no such file or directory`);
      throw new CronpackError(`cannot read ${shortPath(path)} (${errorReason(error)}); make it readable, or leave it out`, { cause: error });
    }
    // Through a symlink, itself or a folder above it, a path may lead anywhere: where it really is counts.
    const target = safeRealpath(absolute);
    if (target === undefined) continue; // a dangling link is not a script
    if (!isInside(realRoot, target)) {
      diagnostics.push(createDiagnostic(rel, { messageId: 'linkOutsideRoot', loc: top, data: { target: shortPath(target) } }));
      continue;
    }
    const info = link.isSymbolicLink() ? statSync(target) : link;
    scopes.push({ kind: info.isDirectory() ? 'dir' : 'file', path: rel });
  }
  return { scopes, diagnostics };
}

function isFolderAt(path: Buffer): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
