import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CronFilePlan } from '../plan/index.js';
import type { Job } from '../model/types.js';

// What build() makes: the rendered cron.d files and their manifests, with the jobs; package/ plans the .debs from it.
export interface BuiltFile {
  /** Path below the output folder, e.g. "cron.d/myproject-scripts1". */
  path: string;
  content: string;
  /**
   * The jobs manifest its package installs in manifestDir, which its cron lines test for.
   * `version` null: build output is not a package (`package` renders it again with the version).
   */
  manifest: string;
  plan: CronFilePlan;
}

export interface BuildResult {
  /** Empty whenever there is any error: nothing half-right is ever handed out. */
  files: BuiltFile[];
  jobs: Job[];
  diagnostics: Diagnostic[];
  filesChecked: number;
}
