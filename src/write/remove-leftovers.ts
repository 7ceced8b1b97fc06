import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { leftoverPid } from './output-names.js';

/** Whether a process with this pid runs (EPERM: it does, as another user). Our own pid counts as running. */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
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
    if (pid === undefined || isRunning(pid)) continue;
    const path = join(parent, name);
    if (path === keep) continue;
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 2 });
      removed.push(path);
    } catch {
      // next run
    }
  }
  return removed;
}
