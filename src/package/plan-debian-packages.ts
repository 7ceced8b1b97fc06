/**
 * The Debian packages of a built repository, planned in memory: every file of
 * every package with its mode, the control files, and the diagnostics that stop
 * packaging (a bad version, name or maintainer). Pure: the same input always
 * gives the same plan, byte for byte; the packagers only write it out.
 */
import type { BuildResult } from '../render/built-file.js';
import type { CronpackConfig } from '../config/config-types.js';
import { compareDiagnostics, countBySeverity, type Diagnostic } from '../diagnostics/diagnostic.js';
import { checkPackageConfig, checkVersion } from './check-package-config.js';
import { checkHasJobs, checkRetiredGroups, checkScriptsNameClash } from './check-package-groups.js';
import { planCommonParts } from './common-parts.js';
import { oneLine } from './control.js';
import { isNativeVersion } from './debian-version.js';
import { planCronPackage } from './plan-cron-package.js';
import { planRetiredPackage } from './plan-retired-package.js';
import { planScriptsPackage } from './plan-scripts-package.js';
import type { DebianPackagesPlan, PlanDebianOptions, ScriptFile, SourcePlan } from './plan-types.js';

/**
 * Plans one binary package per cron.d file (`<prefix>-<package>`) and one
 * `<prefix>-scripts` package with `scripts` under config.installDir. Every
 * check that can stop packaging happens here, so a plan without errors is
 * one the packager can always build.
 */
export function planDebianPackages(build: BuildResult, scripts: readonly ScriptFile[], config: CronpackConfig, options: PlanDebianOptions): DebianPackagesPlan {
  const diagnostics: Diagnostic[] = [];
  if (countBySeverity(build.diagnostics).errors > 0) return { packages: [], diagnostics };

  const checkedVersion = checkVersion(config, options);
  const parsed = checkedVersion.parsed;
  diagnostics.push(...checkedVersion.diagnostics);
  const scriptsName = `${config.prefix}-scripts`;
  diagnostics.push(...checkScriptsNameClash(build, scriptsName));
  diagnostics.push(...checkRetiredGroups(build, config, options));
  const retiredNames = config.retired.map((group) => `${config.prefix}-${group}`);
  diagnostics.push(...checkPackageConfig(config, options, [config.prefix, scriptsName, ...build.files.map((file) => file.plan.name), ...retiredNames]));
  diagnostics.push(...checkHasJobs(build, options));
  if (countBySeverity(diagnostics).errors > 0 || !parsed?.ok || build.files.length === 0) return { packages: [], diagnostics };

  const version = checkedVersion.text!;
  const installDir = `/${config.installDir.split('/').filter((part) => part !== '').join('/')}`;
  const cronNames = build.files.map((file) => file.plan.name);
  const { changelog, copyright, common } = planCommonParts({ build, scriptCount: scripts.length, config, options, version, parsed: parsed.version, scriptsName, installDir });

  const scriptsPackage = planScriptsPackage({ scripts, config, common, scriptsName, cronNames, installDir });
  diagnostics.push(...scriptsPackage.diagnostics);
  const cronPackages = build.files.map((file) => planCronPackage(file, { config, common, version, scriptsName, installDir }));
  const retiredPackages = config.retired.map((group) => planRetiredPackage(group, config, common, version));

  const source: SourcePlan = {
    name: config.prefix,
    version,
    native: isNativeVersion(parsed.version),
    maintainer: oneLine(config.package.maintainer),
    section: config.package.section,
    priority: config.package.priority,
    changelog,
    copyright,
    installDir,
  };
  if (config.package.homepage !== undefined) source.homepage = config.package.homepage;
  diagnostics.sort(compareDiagnostics);
  return { packages: [scriptsPackage.plan, ...cronPackages, ...retiredPackages], diagnostics, source };
}
