import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { leftoverPid } from './output-names.js';

/**
 * The folders and links this process is writing now. A name with our own pid
 * is a live run's work only if it is one of these: a library user (or a test)
 * that builds several times in one process must not keep, forever, a version
 * its earlier build made that another process's killed run left behind.
 */
const ownWork = new Set<string>();

/** Marks `path` as this process's work in progress until the returned function is called. */
export function claimOwnWork(path: string): () => void {
  ownWork.add(path);
  return () => void ownWork.delete(path);
}

/** Whether a process with this pid runs (EPERM: it does, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what runs killed with SIGKILL left beside the output `dir`: folders
 * and links with cronpack's names (see output-names.ts) whose process is gone,
 * but the version the output points to (`keep`). A live run's work is left
 * alone. Best effort: what cannot be removed now is tried again next run.
 */
export function removeLeftovers(dir: string, keep: string | undefined): string[] {
  const parent = dirname(dir);
  const base = basename(dir);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names.sort()) {
    const pid = leftoverPid(base, name);
    if (pid === undefined) continue;
    const path = join(parent, name);
    if (path === keep || (pid === process.pid ? ownWork.has(path.replace(/\.link$/, '')) : isRunning(pid))) continue;
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 2 });
      removed.push(path);
    } catch {
      // next run
    }
  }
  return removed;
}
