import { lstatSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CronpackError } from '../core/errors.js';
import { outputMarkerName } from '../core/output-marker.js';
import { listEntries, readOutputMarker } from './output-marker.js';
import { isVersionName } from './output-names.js';

export interface OutputOwnership {
  /**
   * For a folder without a marker, made by a cronpack from before markers:
   * the entries of `names` that such a cronpack would not have written.
   * Without it, every entry is in the way.
   */
  foreignInUnmarkedOutput?: (dir: string, names: readonly string[]) => string[];
}

/** What is at an output path, once known to be cronpack's to replace. */
export type OutputState =
  | { kind: 'missing' }
  /** Our symlink; `version` is the folder it points to (absolute; it may be gone). */
  | { kind: 'link'; version: string }
  /** A real folder: empty, or the output of an older cronpack. */
  | { kind: 'folder' };

const isAbsent = (error: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

function cannotRead(path: string, error: unknown): CronpackError {
  return new CronpackError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw cannotRead(path, error);
  }
}

function listForeign(foreign: readonly string[]): string {
  const shown = foreign.slice(0, 3).join(', ');
  return foreign.length > 3 ? `${shown} and ${foreign.length - 3} more` : shown;
}

/** The first folder above `dir` that exists must be a folder: a file there is in the way of mkdir. */
function checkAncestors(dir: string): void {
  for (let path = dirname(dir); ; path = dirname(path)) {
    let info: Stats;
    try {
      info = statSync(path);
    } catch (error) {
      if (isAbsent(error) && path !== dirname(path)) continue;
      throw cannotRead(path, error);
    }
    if (!info.isDirectory()) throw new CronpackError(`cannot write ${dir}: ${path} is in the way, a file where a folder must be; move it away or choose another output folder`);
    return;
  }
}

/** Refuses a folder holding anything its marker does not list, or anything at all without one (but an older cronpack's output). */
function checkFolder(dir: string, shownAs: string, ownership: OutputOwnership): void {
  try {
    const marker = readOutputMarker(dir);
    if (marker === 'invalid') {
      throw new CronpackError(`refusing to replace ${shownAs}: its ${outputMarkerName} is not one cronpack wrote; move the folder away or choose another output folder`);
    }
    let foreign: string[];
    if (marker !== undefined) foreign = listEntries(dir).filter((entry) => !marker.has(entry));
    else {
      const names = readdirSync(dir).sort();
      foreign = names.length === 0 ? [] : (ownership.foreignInUnmarkedOutput?.(dir, names) ?? names);
    }
    if (foreign.length > 0) {
      throw new CronpackError(`refusing to replace ${shownAs}: it holds files cronpack did not write (${listForeign(foreign)}); move them away or choose a new or empty folder`);
    }
  } catch (error) {
    if (error instanceof CronpackError) throw error;
    throw cannotRead(dir, error);
  }
}

/**
 * Checks that cronpack may replace the output folder `dir` (absolute), and
 * says what is there. Throws a CronpackError naming what is in the way: a
 * file, a symlink cronpack did not make, or a folder with entries its marker
 * does not list. Reads only.
 */
export function checkOutputFolder(dir: string, ownership: OutputOwnership = {}): OutputState {
  const info = lstatOrUndefined(dir);
  if (info === undefined) {
    checkAncestors(dir);
    return { kind: 'missing' };
  }
  if (info.isSymbolicLink()) {
    let target: string;
    try {
      target = readlinkSync(dir);
    } catch (error) {
      throw cannotRead(dir, error);
    }
    if (!isVersionName(basename(dir), target)) {
      throw new CronpackError(`refusing to replace ${dir}: it is a symlink to ${target}, which cronpack did not make; remove it or choose another output folder`);
    }
    const version = join(dirname(dir), target);
    const versionInfo = lstatOrUndefined(version);
    // A version folder always has its marker: the older-output rule does not apply.
    if (versionInfo?.isDirectory()) checkFolder(version, dir, {});
    else if (versionInfo !== undefined) throw new CronpackError(`refusing to replace ${dir}: ${version} is not a folder`);
    return { kind: 'link', version };
  }
  if (info.isDirectory()) {
    checkFolder(dir, dir, ownership);
    return { kind: 'folder' };
  }
  throw new CronpackError(`refusing to replace ${dir}: it is a file, not a folder cronpack wrote; move it away or choose another output folder`);
}
