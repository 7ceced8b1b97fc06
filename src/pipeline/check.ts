import { resolve } from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/index.js';
import { compareDiagnostics, countBySeverity, type Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/report.js';
import { discoverFiles, loadScript } from '../discover/index.js';
import { checkScript } from './check-script.js';
// Not render/index.js: that would load handlebars, which check never needs.
import { checkBuildable, type BuildablePlan } from '../render/check-buildable.js';
import type { Job } from '../model/types.js';

export interface CheckOptions {
  /** Repository root; diagnostics name files relative to it. */
  root: string;
  /** Limit the check to these files or folders, relative to the root (or absolute), as a pre-commit hook passes them. */
  paths?: string[];
  /** A loaded config; by default the root's cronpack.config.json or package.json "cronpack", loaded as the CLI does. */
  config?: LoadedConfig;
}

export interface CheckResult {
  jobs: Job[];
  /** Config, scripts and everything build would refuse, sorted. */
  diagnostics: Diagnostic[];
  /** How many files were looked at. */
  filesChecked: number;
}

interface Scan {
  jobs: Job[];
  diagnostics: Diagnostic[];
  filesChecked: number;
}

/** discover → extract → parse → validate over a repository (or the given paths), with a config that has no errors. */
async function scanScripts(root: string, loaded: LoadedConfig, paths?: readonly string[]): Promise<Scan> {
  const { paths: found, diagnostics: skipped } = await discoverFiles(root, {
    include: loaded.config.include,
    exclude: loaded.config.exclude,
    paths,
    cwd: root,
  });
  const jobs: Job[] = [];
  const diagnostics: Diagnostic[] = [...skipped];
  for (const path of found) {
    let source;
    try {
      source = loadScript(root, path, diagnostics);
    } catch (error) {
      // Only the file system's refusals are the file's problem; anything else is a bug of ours
      // and goes to the CLI's one internal-error report, not into a "cannot read this file".
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (typeof code !== 'string') throw error;
      diagnostics.push(createDiagnostic(path, { messageId: 'unreadableFile', loc: { line: 1, column: 1 }, data: { reason: code } }));
      continue;
    }
    if (!source) continue;
    const result = checkScript(source);
    jobs.push(...result.jobs);
    diagnostics.push(...result.diagnostics);
  }
  jobs.sort((a, b) => (a.script < b.script ? -1 : a.script > b.script ? 1 : a.block.span.line - b.block.span.line));
  return { jobs, diagnostics, filesChecked: found.length };
}

/** What check finds, and the plan that build renders when nothing stops it. */
export interface Analysis extends CheckResult {
  loaded: LoadedConfig;
  /** Undefined when the config itself has errors: then nothing else was looked at. */
  buildable?: BuildablePlan;
}

/**
 * discover → extract → parse → validate → plan checks, shared by check and
 * build. A config with errors stops everything else: its diagnostics alone, once.
 */
export async function analyzeRepository(options: CheckOptions): Promise<Analysis> {
  const root = resolve(options.root);
  const loaded = options.config ?? (await loadConfig(root));
  if (countBySeverity(loaded.diagnostics).errors > 0) return { loaded, jobs: [], diagnostics: [...loaded.diagnostics], filesChecked: 0 };
  const scan = await scanScripts(root, loaded, options.paths);
  const buildable = checkBuildable(scan.jobs, loaded);
  const diagnostics = [...loaded.diagnostics, ...scan.diagnostics, ...buildable.diagnostics].sort(compareDiagnostics);
  return { loaded, buildable, jobs: scan.jobs, diagnostics, filesChecked: scan.filesChecked };
}

/**
 * Everything that `build` would refuse, without rendering or writing. With
 * `paths`, the plan checks (lock names, file limits) see only the jobs of those files.
 */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const { jobs, diagnostics, filesChecked } = await analyzeRepository(options);
  return { jobs, diagnostics, filesChecked };
}
