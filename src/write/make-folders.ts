import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** mkdir that tolerates what is there already; false when the parent is missing. */
function makeFolder(path: string, isParentThere: boolean): boolean {
  try {
    mkdirSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !isParentThere && path !== dirname(path)) return false;
    if (code !== 'EEXIST') throw error;
  }
  return true;
}

/**
 * `mkdir -p`, one folder at a time. Node's own recursive mkdir loops forever
 * where mkdir fails with ENOENT under a folder that exists (/proc, some
 * network and FUSE file systems); this one fails with that error.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let path = dir; !makeFolder(path, false); path = dirname(path)) missing.push(path);
  for (const path of missing.reverse()) makeFolder(path, true);
}
