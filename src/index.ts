// The public library API: re-exports only.
export { check, type CheckOptions, type CheckResult } from './check.js';
export { checkScript, type ScriptResult } from './check-script.js';
export type { Diagnostic, Severity, Span, Position } from './diagnostics/diagnostic.js';
export { messages, type MessageId, type MessageSpec } from './diagnostics/messages.js';
export type { Job, CronBlock, BlockField, Shard, MetadataSection, SectionLine, ScriptSource } from './types.js';
export { CronpackError, InternalError } from './errors.js';
export { build, type BuildOptions, type BuildResult, type BuiltFile } from './build.js';
export { loadConfig, withDefaults, type LoadedConfig, type CronpackConfig, type RawConfig } from './config/index.js';
export { planCronFiles, lockNameFor, type Plan, type CronFilePlan, type PlannedJob } from './plan/index.js';
export { renderCronFile, renderEnvLine, renderJobsManifest, cronCommand, manifestPathFor, shellQuote, escapeForCron } from './render/index.js';
export {
  packageDebs,
  planDebianPackages,
  renderSourceTree,
  DpkgDebPackager,
  parseDebianVersion,
  type PackageDebsOptions,
  type PackageDebsResult,
  type BuiltDeb,
  type DebianPackagesPlan,
  type DebPackagePlan,
  type Packager,
} from './package/index.js';
