import { renameSync, rmSync, symlinkSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CronpackError } from '../core/errors.js';
import { makeFolders } from './make-folders.js';
import { checkOutputFolder, type OutputOwnership, type OutputState } from './check-output-folder.js';
import { letSignalsIn, whileInterruptible } from './on-interrupt.js';
import { writeOutputMarker } from './output-marker.js';
import { newVersionName } from './output-names.js';
import { claimOwnWork, removeLeftovers } from './remove-leftovers.js';
import { syncFolder, syncTree } from './sync-tree.js';

const removeQuietly = (path: string): void => {
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // a leftover: named as ours, so the next run removes it
  }
};

/**
 * Points `dir` at the new version in one rename, so the path always exists
 * and is always complete: a symlink to the version is made beside it and
 * renamed over it. Synchronous, so no signal handler runs in between. An
 * older cronpack's real folder cannot be renamed over by a symlink: it is
 * renamed aside first (only a SIGKILL between the two renames leaves no
 * output; the next run then writes one). Returns what is left to remove.
 */
function swapIn(dir: string, version: string, previous: OutputState): string | undefined {
  if (previous.kind === 'folder') {
    const aside = join(dirname(dir), newVersionName(basename(dir)));
    renameSync(dir, aside);
    try {
      symlinkSync(basename(version), dir);
    } catch (error) {
      renameSync(aside, dir);
      throw error;
    }
    return aside;
  }
  const link = `${version}.link`;
  symlinkSync(basename(version), link);
  try {
    renameSync(link, dir);
  } catch (error) {
    removeQuietly(link);
    throw error;
  }
  return previous.kind === 'link' && previous.version !== version ? previous.version : undefined;
}

/**
 * Replaces the output folder `dir` as a whole, and only when it is
 * cronpack's: missing, empty, a symlink to a version cronpack made holding
 * just what its marker lists, or an older cronpack's folder (`ownership`).
 * Anything else is refused with a CronpackError, nothing touched.
 *
 * `fill` writes the new content into a fresh version folder beside `dir`
 * (".<name>.cronpack-<pid>-<hex>"); the marker is added listing what it
 * wrote, everything is synced, and `dir` becomes a symlink to it in one
 * rename; the previous version is then removed. If `fill` throws, or
 * SIGINT/SIGTERM/SIGHUP arrives, the new version is removed and `dir` is
 * left as it was. What a SIGKILLed run left is removed by the next run.
 */
export async function replaceFolderAtomically(dirPath: string, fill: (temp: string) => Promise<void>, ownership: OutputOwnership = {}): Promise<void> {
  const dir = resolve(dirPath);
  const before = checkOutputFolder(dir, ownership);
  const version = join(dirname(dir), newVersionName(basename(dir)));
  const release = claimOwnWork(version);
  let isInPlace = false;
  let replaced: string | undefined;
  // On SIGINT/SIGTERM: before the swap the new version goes, after it the old one.
  const cleanUp = (): void => {
    if (!isInPlace) removeQuietly(version);
    else if (replaced !== undefined) removeQuietly(replaced);
  };
  try {
    await whileInterruptible(cleanUp, async (isInterrupted) => {
      try {
        makeFolders(dirname(dir));
        removeLeftovers(dir, before.kind === 'link' ? before.version : undefined);
        await mkdir(version);
        await fill(version);
        writeOutputMarker(version);
        syncTree(version);
        await letSignalsIn();
        if (isInterrupted()) throw new CronpackError(`interrupted; ${dir} is left as it was`);
        // Again, right before the swap: another run may have written meanwhile.
        replaced = swapIn(dir, version, checkOutputFolder(dir, ownership));
        isInPlace = true;
      } catch (cause) {
        removeQuietly(version);
        if (isInterrupted()) throw new CronpackError(`interrupted; ${dir} is left as it was`, { cause });
        if (cause instanceof CronpackError) throw cause;
        throw new CronpackError(`cannot write ${dir}: ${(cause as Error).message}`, { cause });
      }
      // The output is in place: what follows is housekeeping, and cannot fail the run.
      try {
        syncFolder(dirname(dir));
      } catch {
        // the rename is done; only its durability across a power cut is unknown
      }
      if (replaced !== undefined) removeQuietly(replaced);
      // A signal during the swap: the new output stays, and the process still ends as the signal asks.
      await letSignalsIn();
    });
  } finally {
    // In place, the version is what the output points to; either way no longer work in progress.
    release();
  }
}
