import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import { CronpackError } from '../errors.js';
import { GitignoreSet } from './gitignore.js';

export interface DiscoverOptions {
  /** Globs of files to consider, relative to the root; default every file. */
  include?: readonly string[];
  /** Globs to skip, on top of .git, node_modules, build output and .gitignore. */
  exclude?: readonly string[];
  /** Files or folders (relative to cwd, or absolute) to limit the scan to, as a pre-commit hook passes them. */
  paths?: readonly string[];
  cwd?: string;
}

/** Always skipped: VCS data, dependencies, and the usual build output folders. */
export const defaultExcludes: readonly string[] = ['**/.git/**', '**/node_modules/**', 'dist/**', 'build/**', 'out/**'];

const toPosix = (path: string): string => path.split(sep).join('/');

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Candidate script paths, repository-relative and sorted. Symlinks count only
 * when they lead to a file inside the root; symlinked folders are not entered.
 */
export async function discoverScripts(root: string, options: DiscoverOptions = {}): Promise<string[]> {
  const realRoot = await realpath(root).catch((cause: unknown) => {
    throw new CronpackError(`cannot read the repository root ${root}`, { cause });
  });
  const excludes = [...defaultExcludes, ...(options.exclude ?? [])];
  const gitignores = await GitignoreSet.load(
    root,
    (await fg('**/.gitignore', { cwd: root, dot: true, ignore: excludes, followSymbolicLinks: false })).sort(),
  );
  const scopes = await resolveScopes(root, options);
  const includes = options.include ?? ['**/*'];
  // Files named one by one (a pre-commit hook's list) obey the same include/exclude globs as a full scan.
  const isSelected = picomatch(includes as string[], { ignore: excludes as string[] });
  const found = new Set<string>();
  for (const scope of scopes) {
    if (scope.kind === 'file') {
      if (isSelected(scope.path) && (await isFileInside(realRoot, resolve(root, scope.path)))) found.add(scope.path);
      continue;
    }
    const patterns = includes.map((p) => (scope.path === '' ? p : `${fg.escapePath(scope.path)}/${p}`));
    const entries = await fg(patterns, { cwd: root, ignore: excludes, followSymbolicLinks: false, onlyFiles: false, objectMode: true });
    for (const entry of entries) {
      if (entry.dirent.isFile()) found.add(entry.path);
      else if (entry.dirent.isSymbolicLink() && (await isFileInside(realRoot, resolve(root, entry.path)))) found.add(entry.path);
    }
  }
  return [...found].filter((path) => !gitignores.isIgnored(path)).sort();
}

async function isFileInside(realRoot: string, path: string): Promise<boolean> {
  try {
    const target = await realpath(path);
    return isInside(realRoot, target) && (await stat(target)).isFile();
  } catch {
    return false; // a dangling link is not a script
  }
}

type Scope = { kind: 'dir' | 'file'; path: string };

async function resolveScopes(root: string, options: DiscoverOptions): Promise<Scope[]> {
  if (!options.paths || options.paths.length === 0) return [{ kind: 'dir', path: '' }];
  const cwd = options.cwd ?? process.cwd();
  const scopes: Scope[] = [];
  for (const given of options.paths) {
    const absolute = resolve(cwd, given);
    if (!isInside(resolve(root), absolute)) throw new CronpackError(`${given} is outside the repository root ${root}`);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new CronpackError(`${given}: no such file or directory`);
    scopes.push({ kind: info.isDirectory() ? 'dir' : 'file', path: toPosix(relative(resolve(root), absolute)) });
  }
  return scopes;
}
