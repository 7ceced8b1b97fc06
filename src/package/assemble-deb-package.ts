/**
 * One binary package from its parts: the data files plus the changelog,
 * copyright and lintian overrides every package ships, and the DEBIAN/ files
 * (control, conffiles, maintainer scripts, md5sums). Pure.
 */
import type { CronpackConfig } from '../config/config-types.js';
import { compareText } from './compare-text.js';
import { formatDescription, oneLine, renderControlParagraph, type ControlFields, type PackageDescription } from './control.js';
import { packageNameProblem } from './debian-version.js';
import { installedSize } from './installed-size.js';
import { changelogOverrides, renderOverrides, type Override } from './lintian-overrides.js';
import type { MaintainerScripts } from './maintainer-scripts.js';
import { renderMd5sums } from './md5sums.js';
import type { DebFile, DebPackagePlan } from './plan-types.js';

/** What every package of one build shares. */
export interface CommonParts {
  version: string;
  fileVersion: string;
  changelogGz: Buffer;
  changelogName: string;
  copyright: Buffer;
  mtime: number;
  source: string;
}

/** What makes one package different from the others. */
export interface PackageParts {
  depends: string[];
  description: PackageDescription;
  files: DebFile[];
  conffiles: string[];
  overrides: Override[];
  group?: string;
  maintainerScripts?: MaintainerScripts;
  maintscript?: string;
  manifestPath?: string;
  section?: string;
}

export function assembleDebPackage(name: string, kind: DebPackagePlan['kind'], config: CronpackConfig, common: CommonParts, parts: PackageParts): DebPackagePlan {
  const doc = `usr/share/doc/${name}`;
  const overrideList = [...parts.overrides, ...changelogOverrides(common.version, `${doc}/${common.changelogName}`)];
  const overrides = overrideList.length > 0 ? renderOverrides(overrideList) : undefined;
  const files: DebFile[] = [
    ...parts.files,
    { path: `${doc}/${common.changelogName}`, content: common.changelogGz, mode: 0o644 },
    { path: `${doc}/copyright`, content: common.copyright, mode: 0o644 },
  ];
  if (overrides !== undefined) files.push({ path: `usr/share/lintian/overrides/${name}`, content: Buffer.from(overrides), mode: 0o644 });
  files.sort((a, b) => compareText(a.path, b.path));
  const conffileSet = new Set(parts.conffiles.map((path) => path.replace(/^\//, '')));
  const maintainerScripts = parts.maintainerScripts ?? {};
  const earlyControlFiles: DebFile[] = Object.entries(maintainerScripts).map(([script, text]) => ({ path: `DEBIAN/${script}`, content: Buffer.from(text), mode: 0o755 }));
  if (parts.conffiles.length > 0) earlyControlFiles.push({ path: 'DEBIAN/conffiles', content: Buffer.from(parts.conffiles.map((path) => `${path}\n`).join('')), mode: 0o644 });
  const fields: ControlFields = [
    ['Package', name],
    ['Source', common.source !== name && packageNameProblem(common.source) === undefined ? common.source : undefined],
    ['Version', common.version],
    ['Architecture', 'all'],
    ['Maintainer', oneLine(config.package.maintainer)],
    ['Installed-Size', String(installedSize(files, earlyControlFiles))],
    ['Depends', parts.depends.length > 0 ? parts.depends.join(', ') : undefined],
    ['Section', parts.section ?? config.package.section],
    ['Priority', config.package.priority],
    ['Homepage', config.package.homepage],
    ['Description', formatDescription(parts.description)],
  ];
  const controlFiles: DebFile[] = [{ path: 'DEBIAN/control', content: Buffer.from(renderControlParagraph(fields)), mode: 0o644 }, ...earlyControlFiles];
  // As dh_md5sums: dpkg keeps the conffiles' sums itself.
  controlFiles.push({ path: 'DEBIAN/md5sums', content: Buffer.from(renderMd5sums(files.filter((file) => !conffileSet.has(file.path)))), mode: 0o644 });
  controlFiles.sort((a, b) => compareText(a.path, b.path));
  const plan: DebPackagePlan = {
    name,
    kind,
    version: common.version,
    fileVersion: common.fileVersion,
    architecture: 'all',
    depends: parts.depends,
    description: parts.description,
    files,
    conffiles: parts.conffiles,
    controlFiles,
    mtime: common.mtime,
    maintainerScripts,
  };
  if (parts.group !== undefined) plan.group = parts.group;
  if (parts.maintscript !== undefined) plan.maintscript = parts.maintscript;
  if (parts.manifestPath !== undefined) plan.manifestPath = parts.manifestPath;
  if (overrides !== undefined) plan.lintianOverrides = overrides;
  return plan;
}
