import type { DebPackagePlan } from './plan-types.js';

/**
 * Turns a plan into a .deb (nfpm's Packager, STYLE.md §3). Plans are
 * validated before they get here: a packager only writes.
 */
export interface Packager {
  /** Builds the package into outDir and returns the .deb's path. */
  build(plan: DebPackagePlan, outDir: string): Promise<string>;
  /** The conventional file name: <name>_<version without epoch>_<arch>.deb. */
  fileName(plan: DebPackagePlan): string;
  /** Throws a CronpackError when the packager cannot work on this machine (e.g. a missing tool). */
  ensureAvailable?(): Promise<void>;
}

export function conventionalFileName(plan: DebPackagePlan): string {
  return `${plan.name}_${plan.fileVersion}_${plan.architecture}.deb`;
}
