/**
 * The empty package that replaces a retired group's cron package (config
 * "retired"): installed over it, it removes the old cron.d file. Pure.
 */
import type { CronpackConfig } from '../config/config-types.js';
import { assembleDebPackage, type CommonParts } from './assemble-deb-package.js';
import { retiredDescription } from './describe-packages.js';
import { maintscriptHelperScripts, rmConffileLine } from './maintainer-scripts.js';
import type { DebPackagePlan } from './plan-types.js';

export function planRetiredPackage(group: string, config: CronpackConfig, common: CommonParts, version: string): DebPackagePlan {
  const name = `${config.prefix}-${group}`;
  const line = rmConffileLine(`/etc/cron.d/${name}`, version, name);
  return assembleDebPackage(name, 'retired', config, common, {
    depends: [],
    description: retiredDescription(config, group, name),
    files: [],
    conffiles: [],
    overrides: [],
    maintainerScripts: maintscriptHelperScripts(name, line),
    maintscript: line,
    section: 'oldlibs',
  });
}
