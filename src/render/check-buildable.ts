import type { LoadedConfig } from '../config/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { planCronFiles, type Plan } from '../plan/index.js';
import type { Job } from '../model/types.js';
import { checkCronFile } from './check-cron-file.js';
import { checkStartHerd } from './check-start-herd.js';
import { renderEnv } from './render-env.js';

export interface BuildablePlan {
  plan: Plan;
  /** Environment lines for every file, MAILTO first. */
  envLines: string[];
  /** Everything that stops a build: lock collisions, env lines, command length, file names, users. */
  diagnostics: Diagnostic[];
}

/**
 * plan, then every check on what cron will read, without rendering: check
 * and build share it, so anything build refuses, check reports.
 */
export function checkBuildable(jobs: readonly Job[], loaded: LoadedConfig): BuildablePlan {
  const plan = planCronFiles(jobs, loaded.config);
  const env = renderEnv(loaded);
  const diagnostics = [...plan.diagnostics, ...env.diagnostics];
  for (const file of plan.files) diagnostics.push(...checkCronFile(file, loaded.config, loaded.config.users));
  diagnostics.push(...checkStartHerd(jobs, loaded.config));
  return { plan, envLines: env.lines, diagnostics };
}
