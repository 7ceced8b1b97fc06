import { resolve } from 'node:path';
import { hasConfigErrors, scanScripts } from './check.js';
import { loadConfig, type LoadedConfig } from './config/index.js';
import { compareDiagnostics, countBySeverity, type Diagnostic } from './diagnostics/diagnostic.js';
import type { CronFilePlan } from './plan/index.js';
import { checkBuildable, renderCronFile } from './render/index.js';
import { checkSourceLabel } from './source-label.js';
import type { Job } from './types.js';
import { cronpackVersion } from './version.js';

export interface BuildOptions {
  root: string;
  /** A loaded config; by default the root's cronpack.config.json / package.json, loaded as the CLI does. */
  config?: LoadedConfig;
  /** Where the jobs come from, named in each file's header, e.g. "git 1a2b3c4" (the CLI's --source). */
  source?: string;
  /** The cronpack version named in each file's header; default this cronpack's. */
  cronpackVersion?: string;
}

export interface BuiltFile {
  /** Path below the output folder, e.g. "cron.d/myproject-scripts1". */
  path: string;
  content: string;
  plan: CronFilePlan;
}

export interface BuildResult {
  /** Empty whenever there is any error: nothing half-right is ever handed out. */
  files: BuiltFile[];
  jobs: Job[];
  diagnostics: Diagnostic[];
  filesChecked: number;
}

/**
 * check → plan → render: the cron.d files of a repository, in memory.
 * Writing them is the caller's job (see write/).
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = resolve(options.root);
  const sourceProblems = options.source === undefined ? [] : checkSourceLabel(options.source);
  const loaded = options.config ?? (await loadConfig(root));
  if (hasConfigErrors(loaded) || sourceProblems.length > 0) {
    return { files: [], jobs: [], diagnostics: [...loaded.diagnostics, ...sourceProblems].sort(compareDiagnostics), filesChecked: 0 };
  }
  const scan = await scanScripts(root, loaded);
  const buildable = checkBuildable(scan.jobs, loaded);
  const diagnostics = [...loaded.diagnostics, ...scan.diagnostics, ...buildable.diagnostics].sort(compareDiagnostics);
  if (countBySeverity(diagnostics).errors > 0) return { files: [], jobs: scan.jobs, diagnostics, filesChecked: scan.filesChecked };
  const files = buildable.plan.files.map((filePlan): BuiltFile => {
    const rendered = renderCronFile(filePlan, {
      version: options.cronpackVersion ?? cronpackVersion,
      source: options.source,
      switchman: loaded.config.switchman,
      envLines: buildable.envLines,
    });
    return { path: `cron.d/${filePlan.name}`, content: rendered.text, plan: filePlan };
  });
  return { files, jobs: scan.jobs, diagnostics, filesChecked: scan.filesChecked };
}
