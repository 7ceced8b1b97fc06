// Debian packaging, pure: plans, control files and texts. What reads the scripts, writes the
// staging trees and runs dpkg-deb and git is in packager/.
export { planDebianPackages } from './plan-debian-packages.js';
export { describeJobs } from './describe-packages.js';
export { debianSections } from './check-package-config.js';
export { ownFiles, licenseFiles } from './repository-files.js';
export type { DebianPackagesPlan, DebPackagePlan, DebFile, ScriptFile, SourcePlan, PlanDebianOptions } from './plan-types.js';
export { parseDebianVersion, isNativeVersion, versionForFileName, packageNameProblem, type DebianVersion, type VersionCheck } from './debian-version.js';
export { formatDescription, renderControlParagraph, wrapWords, type PackageDescription, type ControlFields } from './control.js';
export { renderCopyright, licenseShortName, commonLicenseFile, type CopyrightInput } from './copyright.js';
export { renderChangelog, gzipReproducibly, rfc5322Date, type ChangelogInput } from './changelog.js';
export { renderMd5sums } from './md5sums.js';
export { analyzeScript, readShebang, type Shebang, type ScriptAnalysis, type ScriptTag } from './interpreters.js';
export { renderSourceTree, installPattern } from './source-tree.js';
export { conventionalFileName, type Packager } from './packager.js';
export { packageMessages, type PackageMessageId } from '../catalogue/package-messages.js';
