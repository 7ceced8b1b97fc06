/**
 * The checks of the built cron.d files against the packages they become:
 * a group whose package would take the scripts package's name, a retired
 * group that still has jobs, and a build with no jobs at all. Pure.
 */
import type { CronpackConfig } from '../config/config-types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { BuildResult } from '../render/built-file.js';
import { at1, configSite } from './check-package-config.js';
import type { PlanDebianOptions } from './plan-types.js';
import { createDiagnostic, diagnosticAt, type Site } from '../diagnostics/report.js';

/** A group named "scripts" would make a cron package called like the scripts package. */
export function checkScriptsNameClash(build: BuildResult, scriptsName: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const file of build.files) {
    if (file.plan.name !== scriptsName) continue;
    const first = file.plan.jobs[0]!.job;
    diagnostics.push(
      createDiagnostic(first.script, { messageId: 'packageNameClash', loc: first.block.fields.package?.valueSpan ?? first.block.span, data: {
        group: file.plan.group,
        name: scriptsName,
        suggestion: `${file.plan.group}-jobs`,
      } }),
    );
  }
  return diagnostics;
}

/** A retired group gets an empty package, so it must have no jobs left. */
export function checkRetiredGroups(build: BuildResult, config: CronpackConfig, options: PlanDebianOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const retiredSite = configSite(options, ['retired']);
  for (const group of config.retired) {
    const file = build.files.find((built) => built.plan.group === group);
    if (!file) continue;
    const first = file.plan.jobs[0]!.job;
    diagnostics.push(diagnosticAt(retiredSite, { messageId: 'retiredGroupHasJobs', data: { group, jobs: file.plan.jobs.length, script: `${first.script}:${first.block.span.line}` } }));
  }
  return diagnostics;
}

/** Without a cron.d file there is nothing to package. */
export function checkHasJobs(build: BuildResult, options: PlanDebianOptions): Diagnostic[] {
  if (build.files.length > 0) return [];
  return [diagnosticAt(configSite(options, []), { messageId: 'packageNoJobs' })];
}
