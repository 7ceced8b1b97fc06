import { isUtf8 } from 'node:buffer';
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Options } from 'fast-glob';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/report.js';
import { CronpackError } from '../core/errors.js';
import { errorReason, escapeFileName, pathTooLongReason } from './path-text.js';

const top = { line: 1, column: 1 };
type Entry = Dirent | string;
const nameOf = (entry: Entry): string => (typeof entry === 'string' ? entry : entry.name);

/**
 * The file system fast-glob walks with. Its readdir never throws: a folder
 * that cannot be read becomes a warning (fast-glob would abort the whole walk),
 * one that vanished since it was listed is empty, and a name that is not
 * UTF-8 (which Node can only see mangled, so never open) is dropped with a
 * warning. Diagnostics name paths relative to `root`.
 */
export function walkFs(root: string, report: (diagnostic: Diagnostic) => void): NonNullable<Options['fs']> {
  const relativePath = (absolute: string): string => relative(root, absolute).split(sep).join('/');

  function readFolder(path: string, options?: unknown): Entry[] {
    try {
      return readdirSync(path, options as { withFileTypes: true }) as Entry[];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return []; // gone since its folder was listed: nothing left to check
      const folder = relativePath(path);
      if (folder === '') throw new CronpackError(`cannot read the repository root ${root}: ${errorReason(error)}`, { cause: error });
      const tooLong = code === 'ENAMETOOLONG' ? pathTooLongReason(path) : undefined;
      report(
        tooLong !== undefined
          ? createDiagnostic(folder, { messageId: 'pathTooLong', loc: top, data: { reason: tooLong } })
          : createDiagnostic(folder, { messageId: 'unreadableFolder', loc: top, data: { reason: errorReason(error) } }),
      );
      return [];
    }
  }

  /** Entries whose name decoded to U+FFFD and does not exist under that name: their bytes were not UTF-8. */
  function dropMangledNames(path: string, entries: Entry[]): Entry[] {
    const mangled = entries.filter((entry) => nameOf(entry).includes('\uFFFD') && !existsAsNamed(join(path, nameOf(entry))));
    if (mangled.length === 0) return entries;
    let raw: Buffer[] = [];
    try {
      raw = readdirSync(path, { encoding: 'buffer' }).filter((bytes) => !isUtf8(bytes));
    } catch {
      // gone meanwhile: the names are shown as Node decoded them
    }
    const folder = relativePath(path);
    for (const entry of mangled) {
      const bytes = raw.find((candidate) => candidate.toString('utf8') === nameOf(entry));
      const name = bytes ? escapeFileName(bytes) : nameOf(entry);
      const kind = typeof entry !== 'string' && entry.isDirectory() ? 'folder' : 'file';
      report(createDiagnostic(folder === '' ? name : `${folder}/${name}`, { messageId: 'nonUtf8Name', loc: top, data: { kind } }));
    }
    return entries.filter((entry) => !mangled.includes(entry));
  }

  const readdir = (path: string, options?: unknown): Entry[] => {
    const entries = readFolder(path, options);
    return entries.some((entry) => nameOf(entry).includes('\uFFFD')) ? dropMangledNames(path, entries) : entries;
  };
  return { readdirSync: readdir as unknown as NonNullable<Options['fs']>['readdirSync'] };
}

function existsAsNamed(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
