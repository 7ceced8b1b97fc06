import { realpathSync, statSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type FastGlob from 'fast-glob';
import type picomatch from 'picomatch';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/report.js';
import { CronpackError } from '../core/errors.js';
import { GitignoreSet } from './gitignore.js';
import { isInside, resolveNamedPaths, type Scope } from './named-paths.js';
import { OutputFolders } from './output-folders.js';
import { errorReason, maxPathBytes, pathTooLongReason } from './path-text.js';
import { isPlainSelected, plainExcludes, walkPlain, type ReadFolder, type WalkEntry } from './plain-walk.js';
import { walkFs } from './walk-fs.js';

export interface DiscoverOptions {
  /** Globs of files to consider, relative to the root; default every file. */
  include?: readonly string[];
  /** Globs to skip, on top of .git, node_modules, build output and .gitignore. */
  exclude?: readonly string[];
  /** Files or folders (relative to cwd, or absolute) to limit the scan to, as a pre-commit hook passes them. */
  paths?: readonly string[];
  cwd?: string;
}

export interface Discovery {
  /** Candidate script paths, repository-relative and sorted. */
  paths: string[];
  /** Why files were skipped that the user may have meant to be checked: folders that cannot be read, names that are not UTF-8, … */
  diagnostics: Diagnostic[];
}

/** Always skipped: VCS data, dependencies, and the usual build output folders. */
export const defaultExcludes: readonly string[] = ['**/.git/**', '**/node_modules/**', 'dist/**', 'build/**', 'out/**'];

const top = { line: 1, column: 1 };

/** The root, real and checked: a one-line error when it is missing or not a folder. */
function realRootOf(root: string): string {
  try {
    const real = realpathSync(root);
    if (!statSync(real).isDirectory()) throw new CronpackError(`the repository root ${root} is a file, not a folder`);
    return real;
  } catch (error) {
    if (error instanceof CronpackError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CronpackError(`the repository root ${root} does not exist`, { cause: error });
    throw new CronpackError(`cannot read the repository root ${root}: ${errorReason(error)}`, { cause: error });
  }
}

/**
 * Candidate script paths, repository-relative and sorted, and warnings about
 * what was skipped. Symlinks count only when they lead to a file inside the
 * root; symlinked folders are not entered; cronpack's own output folders are
 * skipped wherever they are (see OutputFolders).
 */
export async function discoverFiles(rootPath: string, options: DiscoverOptions = {}): Promise<Discovery> {
  const root = resolve(rootPath);
  const realRoot = realRootOf(root);
  const diagnostics: Diagnostic[] = [];
  const report = (diagnostic: Diagnostic): void => void diagnostics.push(diagnostic);
  const excludes = [...defaultExcludes, ...(options.exclude ?? [])];
  const includes = options.include ?? ['**/*'];
  // With the default globs (and excludes that are plain paths), no glob library is needed: plain-walk.ts.
  const plain = plainExcludes(options.include, defaultExcludes, options.exclude);
  // Files named one by one (a pre-commit hook's list) obey the same include/exclude globs as a full scan.
  // picomatch is loaded only for other globs: a full scan matches with fast-glob's own copy.
  let isSelected: ReturnType<typeof picomatch> | undefined;
  const selects = async (path: string): Promise<boolean> => {
    if (plain !== undefined) return isPlainSelected(path, plain);
    isSelected ??= (await import('picomatch')).default(includes as string[], { ignore: excludes as string[] });
    return isSelected(path);
  };
  const outputs = new OutputFolders(root);
  const found = new Set<string>();
  const gitignoreFiles = new Set<string>();
  let scopes: Scope[] = [{ kind: 'dir', path: '' }];
  if (options.paths && options.paths.length > 0) {
    const named = resolveNamedPaths(root, realRoot, options.paths, options.cwd ?? process.cwd());
    diagnostics.push(...named.diagnostics);
    scopes = named.scopes.filter((scope) => !outputs.isInsideOutput(scope.path));
  }
  const fs = walkFs(root, report);
  for (const scope of scopes) {
    for (const dir of ancestors(scope)) {
      const candidate = dir === '' ? '.gitignore' : `${dir}/.gitignore`;
      if (existsAsFile(join(root, candidate))) gitignoreFiles.add(candidate);
    }
    if (scope.kind === 'file') {
      if ((await selects(scope.path)) && (await isFileInside(realRoot, resolve(root, scope.path)))) found.add(scope.path);
      continue;
    }
    // One walk finds the candidates, the .gitignore files and the output folders below the scope.
    for (const entry of await walkScope(root, scope.path, includes, excludes, plain, fs)) {
      if (entry.name === '.gitignore') gitignoreFiles.add(entry.path);
      else if (outputs.noteIfMarker(entry.name, entry.path)) continue;
      else if (entry.dirent.isFile()) found.add(entry.path);
      else if (entry.dirent.isSymbolicLink() && (await isFileInside(realRoot, resolve(root, entry.path)))) found.add(entry.path);
    }
  }
  const gitignores = await GitignoreSet.load(root, [...gitignoreFiles].sort(), (path, error) => {
    report(createDiagnostic(path, { messageId: 'unreadableFile', loc: top, data: { reason: errorReason(error) } }));
  });
  const rootBytes = Buffer.byteLength(root);
  const paths = [...found]
    .filter((path) => {
      if (outputs.contains(path) || gitignores.isIgnored(path)) return false;
      // Only a path that may be too long is measured: three bytes per character at most.
      const tooLong = rootBytes + 1 + path.length * 3 > maxPathBytes ? pathTooLongReason(join(root, path)) : undefined;
      if (tooLong !== undefined) report(createDiagnostic(path, { messageId: 'pathTooLong', loc: top, data: { reason: tooLong } }));
      return tooLong === undefined;
    })
    .sort();
  return { paths, diagnostics };
}

/** Candidate script paths only, for callers that have no use for the warnings. */
export async function discoverScripts(root: string, options: DiscoverOptions = {}): Promise<string[]> {
  return (await discoverFiles(root, options)).paths;
}

/** The entries of one folder scope's walk, as fast-glob finds them for the scan's patterns. */
async function walkScope(
  root: string,
  scope: string,
  includes: readonly string[],
  excludes: string[],
  plain: ReadonlySet<string> | undefined,
  fs: NonNullable<FastGlob.Options['fs']>,
): Promise<WalkEntry[]> {
  if (scope === '' && plain !== undefined) return walkPlain(root, fs.readdirSync as unknown as ReadFolder, plain);
  // Loaded only for other globs or a folder named: a pre-commit hook names files, and fast-glob is most of discover's code.
  const fg: typeof FastGlob = (await import('fast-glob')).default;
  const prefix = scope === '' ? '' : `${fg.escapePath(scope)}/`;
  const patterns = [...includes.map((p) => prefix + p), `${prefix}**/.gitignore`, ...OutputFolders.patterns(prefix)];
  // Synchronous: fast-glob's sync walk is about twice as fast, and the CLI has nothing else to do meanwhile.
  return fg.sync(patterns, { cwd: root, ignore: excludes, followSymbolicLinks: false, onlyFiles: false, objectMode: true, fs });
}

/** The folders from the root down to a scope (a file's folders, or a folder and those above it). */
function ancestors(scope: Scope): string[] {
  const parts = scope.path === '' ? [] : scope.path.split('/');
  if (scope.kind === 'file') parts.pop();
  return Array.from({ length: parts.length + 1 }, (_, i) => parts.slice(0, i).join('/'));
}

function existsAsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

async function isFileInside(realRoot: string, path: string): Promise<boolean> {
  try {
    const target = await realpath(path);
    return isInside(realRoot, target) && (await stat(target)).isFile();
  } catch {
    return false; // a dangling link is not a script
  }
}
