import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { replaceFolderAtomically } from './replace-folder.js';

export interface OutputFile {
  /** Path below the managed folder, forward slashes. */
  path: string;
  content: string | Buffer;
  mode?: number;
}

export type Change = { path: string; kind: 'create' | 'update' | 'remove' | 'unchanged' };

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/** What writing `files` into `dir` would change, sorted by path. */
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

/**
 * Replaces the folder `dir` with exactly `files`: all are written into a
 * temporary folder beside it and synced, then it is renamed into place. If
 * anything fails before the rename, the previous folder is left as it was.
 */
export async function writeTreeAtomically(dir: string, files: readonly OutputFile[]): Promise<void> {
  await replaceFolderAtomically(dir, async (temp) => {
    for (const file of files) {
      const target = join(temp, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content, { mode: file.mode ?? 0o644 });
    }
  });
}
