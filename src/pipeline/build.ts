import { analyzeRepository } from './check.js';
import { cronFileTemplate } from '../core/assets.js';
import type { LoadedConfig } from '../config/index.js';
import { countBySeverity, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { CronFilePlan } from '../plan/index.js';
import { renderCronFile, renderJobsManifest } from '../render/index.js';
import type { BuildResult, BuiltFile } from '../render/built-file.js';

export type { BuildResult, BuiltFile };
import type { Job } from '../model/types.js';

export interface BuildOptions {
  root: string;
  /** A loaded config; by default the root's cronpack.config.json / package.json, loaded as the CLI does. */
  config?: LoadedConfig;
}

/**
 * check → plan → render: the cron.d files of a repository and their jobs
 * manifests, in memory. They depend only on the jobs and the config: where
 * they came from goes into the packages' changelog, not into a conffile.
 * Writing them is the caller's job (see write/).
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { loaded, buildable, jobs, diagnostics, filesChecked } = await analyzeRepository({ root: options.root, ...(options.config ? { config: options.config } : {}) });
  if (!buildable || countBySeverity(diagnostics).errors > 0) return { files: [], jobs, diagnostics, filesChecked };
  // The one file render needs, read here at the edge.
  const template = cronFileTemplate();
  const files = buildable.plan.files.map((filePlan): BuiltFile => {
    const rendered = renderCronFile(filePlan, { switchman: loaded.config.switchman, manifestDir: loaded.config.manifestDir, envLines: buildable.envLines, template });
    return { path: `cron.d/${filePlan.name}`, content: rendered.text, manifest: renderJobsManifest(filePlan, null), plan: filePlan };
  });
  return { files, jobs, diagnostics, filesChecked };
}
