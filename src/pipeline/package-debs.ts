import { stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { build } from './build.js';
import { cronpackVersion } from '../core/version.js';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { compareDiagnostics, countBySeverity, type Diagnostic } from '../diagnostics/diagnostic.js';
import { CronpackError } from '../core/errors.js';
import { collectScripts } from '../packager/collect-scripts.js';
import { DpkgDebPackager } from '../packager/dpkg-deb-packager.js';
import type { Packager } from '../package/packager.js';
import { planDebianPackages } from '../package/plan-debian-packages.js';
import type { DebPackagePlan } from '../package/plan-types.js';
import { licenseFiles } from '../package/repository-files.js';
import { checkOutputFolder, replaceFolderAtomically, writeFiles, type OutputOwnership } from '../write/index.js';
import { resolveSourceDateEpoch } from '../packager/source-date-epoch.js';
import { checkSourceLabel } from '../package/source-label.js';
import { renderSourceTree } from '../package/source-tree.js';

export interface PackageDebsOptions {
  /** The scripts repository. */
  root: string;
  /** A loaded config; by default the root's cronpack.config.json / package.json. */
  config?: LoadedConfig;
  /** The output folder, replaced as a whole: <pkg>_<version>_all.deb, tree/<pkg>/, debian/ (sourceTree). */
  outDir: string;
  /** Overrides the config's package.version. */
  version?: string;
  /** mtime of every packaged file and the changelog date; default SOURCE_DATE_EPOCH, else HEAD's commit time, else 2024-01-01. */
  sourceDateEpoch?: number;
  /** Also write debian/ for dpkg-buildpackage. */
  sourceTree?: boolean;
  /** Named in the cron.d headers and the changelog, e.g. "git 1a2b3c4d5e6f". */
  source?: string;
  /** Default: dpkg-deb from PATH. */
  packager?: Packager;
  /** Environment for SOURCE_DATE_EPOCH and the default packager; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Called as each package is done (packages build two or more at a time). */
  onProgress?: (progress: { done: number; total: number; package: string }) => void;
}

export interface BuiltDeb {
  package: string;
  path: string;
  size: number;
}

export interface PackageDebsResult {
  /** Empty whenever there is any error: then the output folder is left as it was. */
  debs: BuiltDeb[];
  diagnostics: Diagnostic[];
  filesChecked: number;
  /** The debian/ folder written, with sourceTree. */
  sourceTree?: string;
}

/** The repository's own license text, for the copyright file of a license Debian has no copy of. */
function readLicenseText(root: string): string | undefined {
  for (const name of licenseFiles) {
    try {
      return readFileSync(join(root, name), 'utf8');
    } catch {
      // next candidate
    }
  }
  return undefined;
}

/**
 * The output folder of a cronpack from before markers, as its entries that
 * such a run did not write. It wrote <pkg>_<version>_<arch>.deb files, each
 * built from tree/<pkg>/, and debian/ with --source-tree: a folder of other
 * .deb files (no tree/<pkg>/DEBIAN/control beside them) is not one.
 */
function foreignInOldDebFolder(dir: string, names: readonly string[]): string[] {
  return names.filter((name) => {
    if (name === 'tree' || name === 'debian') return false;
    const pkg = /^([a-z0-9][a-z0-9+.-]+)_[^_/]+_[a-z0-9-]+\.deb$/.exec(name)?.[1];
    return pkg === undefined || !existsSync(join(dir, 'tree', pkg, 'DEBIAN', 'control'));
  });
}

const ownership: OutputOwnership = { foreignInUnmarkedOutput: foreignInOldDebFolder };

/**
 * The output folder is replaced as a whole, so it must not hold the
 * repository, nor anything cronpack did not write (a mistyped --out): see
 * write/'s checkOutputFolder, which the writer runs again before it writes.
 */
function checkOutDir(root: string, outDir: string): void {
  const up = relative(outDir, root);
  if (up === '' || (!up.startsWith('..') && !isAbsolute(up))) {
    throw new CronpackError(`the output folder ${outDir} holds the repository ${root}; "cronpack package" replaces its output folder as a whole, so give it a folder of its own`);
  }
  checkOutputFolder(outDir, ownership);
}

/** The output folder, when inside the repository, as an exclude glob: its copies of the scripts are not scripts. */
function excludeOutput(loaded: LoadedConfig, root: string, outDir: string): LoadedConfig {
  const rel = relative(root, outDir).split(sep).join('/');
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return loaded;
  return { ...loaded, config: { ...loaded.config, exclude: [...(loaded.config.exclude ?? []), `${rel}/**`] } };
}

/**
 * Runs `work` over items, at most `limit` at a time, results in input order.
 * After a failure nothing new starts, and the first error is thrown only once
 * the running ones have settled: no dpkg-deb still writes into a folder that
 * is being removed.
 */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/**
 * check → build → plan → package: one .deb per cron.d file and one with the
 * scripts, written with their staging trees into outDir, which is replaced
 * atomically. On any error diagnostic nothing is written.
 */
export async function packageDebs(options: PackageDebsOptions): Promise<PackageDebsResult> {
  const root = resolve(options.root);
  const outDir = resolve(options.outDir);
  const env = options.env ?? process.env;
  checkOutDir(root, outDir);
  const loaded = excludeOutput(options.config ?? (await loadConfig(root)), root, outDir);
  const sourceProblems = options.source === undefined ? [] : checkSourceLabel(options.source);
  if (sourceProblems.length > 0) return { debs: [], diagnostics: sourceProblems, filesChecked: 0 };
  const built = await build({ root, config: loaded });
  if (countBySeverity(built.diagnostics).errors > 0) return { debs: [], diagnostics: built.diagnostics, filesChecked: built.filesChecked };

  const config = loaded.config;
  const scripts = await collectScripts(root, {
    ...(config.include ? { include: config.include } : {}),
    ...(config.exclude ? { exclude: config.exclude } : {}),
    skipDirs: [outDir],
  });
  const sourceDateEpoch = options.sourceDateEpoch ?? resolveSourceDateEpoch(root, env).epoch;
  const licenseText = readLicenseText(root);
  const plan = planDebianPackages(built, scripts, config, {
    ...(options.version !== undefined ? { version: options.version } : {}),
    sourceDateEpoch,
    cronpackVersion,
    ...(options.source !== undefined ? { source: options.source } : {}),
    ...(licenseText !== undefined ? { licenseText } : {}),
    ...(loaded.file !== undefined ? { configFile: loaded.file } : {}),
    locate: loaded.locate,
  });
  const diagnostics = [...built.diagnostics, ...plan.diagnostics].sort(compareDiagnostics);
  const result: PackageDebsResult = { debs: [], diagnostics, filesChecked: built.filesChecked };
  if (countBySeverity(diagnostics).errors > 0) return result;

  const packager = options.packager ?? new DpkgDebPackager({ env });
  if (plan.packages.length > 0) await packager.ensureAvailable?.();
  let done = 0;
  const paths: string[] = [];
  await replaceFolderAtomically(outDir, async (temp) => {
    const debs = await mapLimited(plan.packages, Math.max(1, availableParallelism()), async (pkg: DebPackagePlan) => {
      const path = await packager.build(pkg, temp);
      options.onProgress?.({ done: ++done, total: plan.packages.length, package: pkg.name });
      return path;
    });
    paths.push(...debs.map((path) => basename(path)));
    if (options.sourceTree && plan.packages.length > 0) {
      // Into the new version folder: the whole output is swapped in at once after.
      writeFiles(temp, renderSourceTree(plan, scripts));
    }
  }, ownership);
  result.debs = await Promise.all(
    plan.packages.map(async (pkg, i) => {
      const path = join(outDir, paths[i]!);
      return { package: pkg.name, path, size: (await stat(path)).size };
    }),
  );
  if (options.sourceTree && plan.packages.length > 0) result.sourceTree = join(outDir, 'debian');
  return result;
}
