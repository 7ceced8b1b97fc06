import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { outputMarkerName } from '../core/output-marker.js';
import type { OutputOwnership } from './check-output-folder.js';
import { makeFolders } from './make-folders.js';
import { replaceFolderAtomically } from './replace-folder.js';
import type { OutputFile } from '../model/output-file.js';

export type { OutputFile };

export type Change = { path: string; kind: 'create' | 'update' | 'remove' | 'unchanged' };

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (prefix === '' && entry.name === outputMarkerName) return [];
    return entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`];
  });
}

/** What writing `files` into `dir` would change, sorted by path (the ownership marker is not a change). */
export function planChanges(dir: string, files: readonly OutputFile[]): Change[] {
  const existing = new Set(listFiles(dir));
  const changes: Change[] = files.map(({ path, content }) => {
    if (!existing.delete(path)) return { path, kind: 'create' };
    const same = Buffer.from(content).equals(readFileSync(join(dir, path)));
    return { path, kind: same ? 'unchanged' : 'update' };
  });
  for (const path of existing) changes.push({ path, kind: 'remove' });
  return changes.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Writes `files` below `dir`, modes set exactly (the umask does not leak). For a folder being built, not a live output. */
export function writeFiles(dir: string, files: readonly OutputFile[]): void {
  for (const file of files) {
    const target = join(dir, file.path);
    makeFolders(dirname(target));
    writeFileSync(target, file.content);
    chmodSync(target, file.mode ?? 0o644);
  }
}

/**
 * Replaces the output folder `dir` with exactly `files`, atomically and only
 * when it is cronpack's (see replaceFolderAtomically). If anything fails,
 * the previous output is left as it was.
 */
export async function writeTreeAtomically(dir: string, files: readonly OutputFile[], ownership: OutputOwnership = {}): Promise<void> {
  await replaceFolderAtomically(dir, async (temp) => writeFiles(temp, files), ownership);
}
