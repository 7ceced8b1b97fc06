import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { discoverScripts } from '../discover/discover-scripts.js';
import { CronpackError } from '../core/errors.js';
import { licenseFiles, ownFiles } from '../package/repository-files.js';
import type { ScriptFile } from '../package/plan-types.js';

export interface CollectOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Absolute folders whose files never go into the scripts package (the packaging output, if inside the root). */
  skipDirs?: readonly string[];
}

/**
 * The files of the scripts package: every file discovery finds (include,
 * exclude, .gitignore, the default excludes), scripts with METADATA or not,
 * since jobs need their helper modules and data; minus cronpack's own files at
 * the root (cronpack.config.json, package.json, package-lock.json), the root
 * license file (its terms go into the copyright file), a root debian/ folder,
 * and the packaging output. Symlinks are read through.
 */
export async function collectScripts(root: string, options: CollectOptions = {}): Promise<ScriptFile[]> {
  const skipped = (options.skipDirs ?? [])
    .map((dir) => relative(root, dir).split(sep).join('/'))
    .filter((rel) => rel !== '' && !rel.startsWith('..') && !isAbsolute(rel));
  // (Its temporary siblings, ".deb.tmp-123", are hidden: discovery never enters them.)
  const isSkipped = (path: string): boolean => skipped.some((rel) => path.startsWith(`${rel}/`));
  const paths = await discoverScripts(root, {
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });
  const files: ScriptFile[] = [];
  for (const path of paths) {
    if (ownFiles.includes(path) || licenseFiles.includes(path) || path.startsWith('debian/') || isSkipped(path)) continue;
    const absolute = join(root, path);
    try {
      const info = await stat(absolute);
      files.push({ path, mode: info.mode & 0o7777, content: await readFile(absolute) });
    } catch (cause) {
      throw new CronpackError(`cannot read ${path} for the scripts package: ${(cause as Error).message}`, { cause });
    }
  }
  return files;
}
