/**
 * The package of one cron.d file (`<prefix>-<group>`): the cron.d file as a
 * conffile, its jobs manifest, and a postinst for the users it runs as. Pure.
 */
import type { CronpackConfig } from '../config/config-types.js';
import type { BuiltFile } from '../render/built-file.js';
import { manifestPathFor } from '../render/cron-command.js';
import { renderJobsManifest } from '../render/jobs-manifest.js';
import { assembleDebPackage, type CommonParts } from './assemble-deb-package.js';
import { compareText } from './compare-text.js';
import { cronDescription } from './describe-packages.js';
import { cronTimerOverride } from './lintian-overrides.js';
import { cronPackagePostinst } from './maintainer-scripts.js';
import type { DebPackagePlan } from './plan-types.js';

export interface CronPackageInput {
  config: CronpackConfig;
  common: CommonParts;
  /** The version every package installs, as written. */
  version: string;
  scriptsName: string;
  /** Absolute, no trailing "/". */
  installDir: string;
}

export function planCronPackage(file: BuiltFile, { config, common, version, scriptsName, installDir }: CronPackageInput): DebPackagePlan {
  // The manifest its cron lines test for: removing this package (purged or not) silences them.
  // Unlike build's (version null), it names the version this package installs, as its control file does.
  const manifestPath = manifestPathFor(config.manifestDir, file.plan.name).slice(1);
  const manifest = renderJobsManifest(file.plan, version);
  const users = [...new Set(file.plan.jobs.map((planned) => planned.user).filter((user) => user !== 'root'))].sort(compareText);
  return assembleDebPackage(file.plan.name, 'cron', config, common, {
    depends: ['cron | cron-daemon', 'switchman', `${scriptsName} (= ${version})`],
    description: cronDescription(file.plan, config, scriptsName, installDir),
    files: [
      { path: `etc/cron.d/${file.plan.name}`, content: Buffer.from(file.content), mode: 0o644 },
      { path: manifestPath, content: Buffer.from(manifest), mode: 0o644 },
    ],
    conffiles: [`/etc/cron.d/${file.plan.name}`],
    overrides: [cronTimerOverride(file.plan.name)],
    group: file.plan.group,
    manifestPath,
    maintainerScripts: { postinst: cronPackagePostinst(file.plan.name, users) },
  });
}
