import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CronpackError } from '../errors.js';

function syncFiles(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) syncFiles(path);
    else if (entry.isFile()) {
      const fd = openSync(path, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }
}

/**
 * Replaces the folder `dir` atomically for its readers: `fill` builds the new
 * folder in a temporary folder beside `dir`
 * (".<name>.tmp-<pid>"), its files are synced, then it is renamed into place
 * and the previous folder removed. If `fill` throws, `dir` is left as it was
 * and the temporary folder removed; the error is passed on unchanged when it
 * is a CronpackError.
 */
export async function replaceFolderAtomically(dir: string, fill: (temp: string) => Promise<void>): Promise<void> {
  const parent = dirname(dir);
  const base = dir.slice(parent.length + 1);
  const temp = join(parent, `.${base}.tmp-${process.pid}`);
  const old = join(parent, `.${base}.old-${process.pid}`);
  try {
    await mkdir(parent, { recursive: true });
    rmSync(temp, { recursive: true, force: true });
    await mkdir(temp);
    await fill(temp);
    syncFiles(temp);
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(temp, dir);
  } catch (cause) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(dir) && existsSync(old)) renameSync(old, dir);
    if (cause instanceof CronpackError) throw cause;
    throw new CronpackError(`cannot write ${dir}: ${(cause as Error).message}`, { cause });
  }
  rmSync(old, { recursive: true, force: true });
}
