// The public library API: re-exports only.
export { check, type CheckOptions, type CheckResult } from './pipeline/check.js';
export { checkScript, type ScriptResult } from './pipeline/check-script.js';
export type { Diagnostic, Severity, Span, Position } from './diagnostics/diagnostic.js';
export { messages, type MessageId, type MessageSpec } from './catalogue/messages.js';
export type { Job, CronBlock, BlockField, Shard, MetadataSection, SectionLine, ScriptSource } from './model/types.js';
export { CronpackError, InternalError } from './core/errors.js';
export { build, type BuildOptions, type BuildResult, type BuiltFile } from './pipeline/build.js';
export { loadConfig, withDefaults, type LoadedConfig, type CronpackConfig, type RawConfig } from './config/index.js';
export { planCronFiles, lockNameFor, type Plan, type CronFilePlan, type PlannedJob } from './plan/index.js';
export { cronFileTemplate } from './core/assets.js';
export { renderCronFile, renderEnvLine, renderJobsManifest, cronCommand, manifestPathFor, shellQuote, escapeForCron } from './render/index.js';
export { packageDebs, type PackageDebsOptions, type PackageDebsResult, type BuiltDeb } from './pipeline/package-debs.js';
export {
  planDebianPackages,
  renderSourceTree,
  parseDebianVersion,
  type DebianPackagesPlan,
  type DebPackagePlan,
  type Packager,
} from './package/index.js';
export { DpkgDebPackager } from './packager/index.js';
