// Debian packaging: pure planning and text, then the packagers that write .deb files.
export {
  planDebianPackages,
  describeJobs,
  debianSections,
  ownFiles,
  licenseFiles,
  type DebianPackagesPlan,
  type DebPackagePlan,
  type DebFile,
  type ScriptFile,
  type SourcePlan,
  type PlanDebianOptions,
} from './plan-debian-packages.js';
export { parseDebianVersion, isNativeVersion, versionForFileName, packageNameProblem, type DebianVersion, type VersionCheck } from './debian-version.js';
export { formatDescription, renderControlParagraph, wrapWords, type PackageDescription, type ControlFields } from './control.js';
export { renderCopyright, licenseShortName, commonLicenseFile, type CopyrightInput } from './copyright.js';
export { renderChangelog, gzipReproducibly, rfc5322Date, type ChangelogInput } from './changelog.js';
export { renderMd5sums } from './md5sums.js';
export { analyzeScript, readShebang, type Shebang, type ScriptAnalysis, type ScriptTag } from './interpreters.js';
export { renderSourceTree, installPattern } from './source-tree.js';
export { collectScripts } from './collect-scripts.js';
export { writeStagingTree } from './staging-tree.js';
export { conventionalFileName, type Packager } from './packager.js';
export { DpkgDebPackager, type DpkgDebPackagerOptions } from './dpkg-deb-packager.js';
export { resolveSourceDateEpoch, fallbackSourceDateEpoch } from './source-date-epoch.js';
export { packageMessages, type PackageMessageId } from '../catalogue/package-messages.js';
