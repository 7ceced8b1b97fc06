import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync, fsyncSync, openSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CronpackError } from '../errors.js';

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
 * Replaces the folder `dir` with exactly `files`, atomically for readers of
 * any one file: everything is written and synced into a temporary folder
 * beside it, then renamed into place. If anything fails before the rename,
 * the previous folder is left as it was and the temporary one removed.
 */
export function writeTreeAtomically(dir: string, files: readonly OutputFile[]): void {
  const parent = dirname(dir);
  const base = dir.slice(parent.length + 1);
  const temp = join(parent, `.${base}.tmp-${process.pid}`);
  const old = join(parent, `.${base}.old-${process.pid}`);
  try {
    mkdirSync(parent, { recursive: true });
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp, { recursive: true });
    for (const file of files) {
      const target = join(temp, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content, { mode: file.mode ?? 0o644 });
      const fd = openSync(target, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(temp, dir);
  } catch (cause) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(dir) && existsSync(old)) renameSync(old, dir);
    throw new CronpackError(`cannot write ${dir}: ${(cause as Error).message}`, { cause });
  }
  rmSync(old, { recursive: true, force: true });
}
