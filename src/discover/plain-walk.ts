import type { Dirent } from 'node:fs';
import { outputMarkerName } from '../core/output-marker.js';

/** An entry as fast-glob's object mode gives it: its name, its repository-relative path, its dirent. */
export interface WalkEntry {
  name: string;
  path: string;
  dirent: Pick<Dirent, 'isFile' | 'isDirectory' | 'isSymbolicLink'>;
}

/** The folder reader of walk-fs.ts: warnings instead of errors, mangled names dropped. */
export type ReadFolder = (path: string, options: { withFileTypes: true }) => Dirent[];

/** The default include, and the default excludes (discover-scripts.ts) that walkPlain knows, by name. */
const everyFile = '**/*';
const knownDefaultExcludes = ['**/.git/**', '**/node_modules/**', 'dist/**', 'build/**', 'out/**'];
const prunedAnywhere = new Set(['.git', 'node_modules']);
const prunedAtTop = new Set(['dist', 'build', 'out']);
/** Dot names a scan still looks at: what marks .gitignore rules and output folders. */
const dotNamesWanted = new Set(['.gitignore', outputMarkerName]);
/** A name with nothing a glob reads specially. */
const plainName = /^[A-Za-z0-9_.,=-]+$/;

/** A relative path of plain names (not "." or ".."): as a glob, it matches exactly itself. */
function isPlainPath(pattern: string): boolean {
  return pattern.split('/').every((name) => plainName.test(name) && name !== '.' && name !== '..');
}

/**
 * The excludes beyond the defaults as a set of paths, when a scan may use walkPlain:
 * the default include, the default excludes it knows, and extra excludes that are
 * plain paths. Undefined otherwise (any other glob): then fast-glob walks.
 */
export function plainExcludes(
  include: readonly string[] | undefined,
  defaultExcludes: readonly string[],
  extraExcludes: readonly string[] | undefined,
): Set<string> | undefined {
  if (include !== undefined && (include.length !== 1 || include[0] !== everyFile)) return undefined;
  if (defaultExcludes.length !== knownDefaultExcludes.length || defaultExcludes.some((glob, i) => glob !== knownDefaultExcludes[i])) return undefined;
  const excluded = new Set<string>();
  for (const pattern of extraExcludes ?? []) {
    if (!isPlainPath(pattern)) return undefined;
    excluded.add(pattern);
  }
  return excluded;
}

/**
 * The entries fast-glob 3 finds for a whole-repository scan with the default globs
 * (patterns "**\/*", "**\/.gitignore" and the output folders', dot: false, the default
 * excludes and `excluded` as ignore), in a plain walk: fast-glob costs more than the
 * reads of a large repository. As fast-glob does, it enters every folder but symlinks
 * and those the default excludes prune (with dot: false, so also hidden folders, whose
 * unreadable or mangled names are reported the same), and yields entries outside hidden
 * folders, not hidden themselves (but .gitignore and output markers), and not excluded.
 * plain-walk.test.ts compares it with fast-glob.
 */
export function walkPlain(root: string, readFolder: ReadFolder, excluded: ReadonlySet<string>): WalkEntry[] {
  const entries: WalkEntry[] = [];
  const walk = (folder: string, prefix: string, isHidden: boolean): void => {
    for (const dirent of readFolder(folder, { withFileTypes: true })) {
      const name = dirent.name;
      const path = prefix + name;
      const isPruned = prefix === '' ? prunedAtTop.has(name) || prunedAnywhere.has(name) : prunedAnywhere.has(name);
      const isDot = name.charCodeAt(0) === 46; // "."
      if (!isHidden && !isPruned && (!isDot || dotNamesWanted.has(name)) && !excluded.has(path)) entries.push({ name, path, dirent });
      // The pruning globs ("**/node_modules/**") match below hidden folders only with dot: true, which fast-glob's depth filter does not use.
      if (dirent.isDirectory() && !(isPruned && !isHidden)) walk(folder.endsWith('/') ? folder + name : `${folder}/${name}`, `${path}/`, isHidden || isDot);
    }
  };
  walk(root, '', false);
  return entries;
}

/**
 * Whether the globs walkPlain stands for select a file named by its path (a pre-commit
 * hook's list), as picomatch would: no hidden name on the way, nothing pruned, not excluded.
 * It spares a hook picomatch's loading.
 */
export function isPlainSelected(path: string, excluded: ReadonlySet<string>): boolean {
  const names = path.split('/');
  if (prunedAtTop.has(names[0]!) || excluded.has(path)) return false;
  return names.every((name) => name.charCodeAt(0) !== 46 && !prunedAnywhere.has(name));
}
