/**
 * The Debian packages of a built repository, planned in memory: every file of
 * every package with its mode, the control files, and the diagnostics that stop
 * packaging (a bad version, name or maintainer). Pure: the same input always
 * gives the same plan, byte for byte; the packagers only write it out.
 */
import type { BuildResult } from '../render/built-file.js';
import type { CronpackConfig } from '../config/config-types.js';
import type { LoadedConfig } from '../config/load-config.js';
import { compareDiagnostics, countBySeverity, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { CronFilePlan } from '../plan/plan-cron-files.js';
import { describeSchedule, parseSchedule } from '../schedule/index.js';
import { gzipReproducibly, renderChangelog } from './changelog.js';
import { formatDescription, oneLine, renderControlParagraph, wrapWords, type ControlFields, type PackageDescription } from './control.js';
import { renderCopyright } from './copyright.js';
import { isNativeVersion, packageNameProblem, parseDebianVersion, versionForFileName } from './debian-version.js';
import { analyzeScript, readShebang, type ScriptTag } from './interpreters.js';
import { renderMd5sums } from './md5sums.js';
import { packageDiagnostic } from './report.js';
import { cronPackagePostinst, maintscriptHelperScripts, rmConffileLine, type MaintainerScripts } from './maintainer-scripts.js';
import { manifestPathFor } from '../render/cron-command.js';
import { renderJobsManifest } from '../render/jobs-manifest.js';
import { optionSite } from '../diagnostics/option-site.js';

/** A file of the repository that goes into the scripts package. */
export interface ScriptFile {
  /** Repository-relative, forward slashes. */
  path: string;
  /** The file's mode bits in the repository; only "executable by anyone" matters. */
  mode: number;
  content: Buffer;
}

/** A file inside a package. */
export interface DebFile {
  /** Path in the package, no leading "/": "etc/cron.d/acme-scripts1", "DEBIAN/control". */
  path: string;
  content: Buffer;
  /** 0o644 or 0o755. */
  mode: number;
}

export interface DebPackagePlan {
  name: string;
  /** retired: the empty package that replaces a group gone from the repository (config "retired"). */
  kind: 'cron' | 'scripts' | 'retired';
  /** The METADATA package (switchman group) of a cron package. */
  group?: string;
  /** Full Debian version, epoch included. */
  version: string;
  /** The version in file names: no epoch. */
  fileVersion: string;
  architecture: 'all';
  depends: string[];
  description: PackageDescription;
  /** Data files (what dpkg installs), sorted by path. */
  files: DebFile[];
  /** Absolute paths of the conffiles. */
  conffiles: string[];
  /** DEBIAN/control, DEBIAN/conffiles (if any), DEBIAN/md5sums. */
  controlFiles: DebFile[];
  /** The lintian overrides shipped in the package (also in files), for the debian/ source tree. */
  lintianOverrides?: string;
  /** SOURCE_DATE_EPOCH: the mtime of every entry. */
  mtime: number;
  /** Maintainer scripts, also in controlFiles as DEBIAN/<name>. */
  maintainerScripts: MaintainerScripts;
  /** A dpkg-maintscript-helper line (debian/<pkg>.maintscript in a source tree), when the scripts are made of it. */
  maintscript?: string;
  /** The jobs manifest, for a cron package: its path in the package. */
  manifestPath?: string;
}

/** What a debian/ source tree needs beyond the binary packages. */
export interface SourcePlan {
  name: string;
  version: string;
  native: boolean;
  maintainer: string;
  section: string;
  priority: string;
  homepage?: string;
  changelog: string;
  copyright: string;
  installDir: string;
}

export interface DebianPackagesPlan {
  /** The scripts package first, then one per cron.d file in build order; empty on any error. */
  packages: DebPackagePlan[];
  diagnostics: Diagnostic[];
  source?: SourcePlan;
}

export interface PlanDebianOptions {
  /** --version; overrides the config's package.version. */
  version?: string;
  /** Seconds since the epoch for mtimes and the changelog date. */
  sourceDateEpoch: number;
  /** cronpack's version, named in the changelog. */
  cronpackVersion: string;
  /** Where the files come from, e.g. "git 1a2b3c4d5e6f". */
  source?: string;
  /** The repository's license file text, for licenses Debian has no common copy of. */
  licenseText?: string;
  /** The config file (repo-relative), for diagnostics about it. */
  configFile?: string;
  locate?: LoadedConfig['locate'];
}

const at1: Span = { line: 1, column: 1 };
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Debian's archive sections (Debian Policy 2.4), optionally after an area ("contrib/"). */
export const debianSections: readonly string[] = [
  'admin', 'cli-mono', 'comm', 'database', 'debug', 'devel', 'doc', 'editors', 'education', 'electronics', 'embedded',
  'fonts', 'games', 'gnome', 'gnu-r', 'gnustep', 'graphics', 'hamradio', 'haskell', 'httpd', 'interpreters',
  'introspection', 'java', 'javascript', 'kde', 'kernel', 'libdevel', 'libs', 'lisp', 'localization', 'mail', 'math',
  'metapackages', 'misc', 'net', 'news', 'ocaml', 'oldlibs', 'otherosfs', 'perl', 'php', 'python', 'ruby', 'rust',
  'science', 'shells', 'sound', 'tasks', 'tex', 'text', 'utils', 'vcs', 'video', 'web', 'x11', 'xfce', 'zope',
];
const priorities = ['required', 'important', 'standard', 'optional'];

/** Files of the repository that are cronpack's, not the scripts': left out of the scripts package. */
export const ownFiles: readonly string[] = ['cronpack.config.json', 'package.json', 'package-lock.json'];

/** License files at the root: their terms go into /usr/share/doc/PKG/copyright, not beside the scripts. */
export const licenseFiles: readonly string[] = ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'COPYING', 'COPYING.txt', 'COPYING.md'];

/** Where a config value was written, for a diagnostic; the config file's start when it was not written. */
function configSite(options: PlanDebianOptions, path: (string | number)[]): { file: string; loc: Span } {
  const where = options.locate?.(path);
  if (where) return { file: where.file, loc: where.span };
  return { file: options.configFile ?? 'cronpack.config.json', loc: at1 };
}

function validateConfig(config: CronpackConfig, options: PlanDebianOptions, names: string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const pkg = config.package;
  const maintainer = oneLine(pkg.maintainer);
  const match = /^([^<>]*[^<>\s])\s*<([^<>\s]+)>$/.exec(maintainer);
  const maintainerSite = configSite(options, ['package', 'maintainer']);
  let maintainerProblem: string | undefined;
  if (!match) maintainerProblem = 'expected a name, then an address in <>';
  else if (match[1]!.includes(',')) maintainerProblem = 'the name contains ",", which separates maintainers in Debian';
  else if (!/^[^@]+@[^@]+\.[^@]+$|^[^@]+@localhost(?:\.localdomain)?$/.test(match[2]!)) maintainerProblem = `"${match[2]}" is not an e-mail address`;
  if (maintainerProblem) {
    diagnostics.push(packageDiagnostic(maintainerSite.file, 'packageMaintainerInvalid', maintainerSite.loc, { maintainer, reason: maintainerProblem }));
  } else if (/@localhost(?:\.localdomain)?$/.test(match![2]!)) {
    diagnostics.push(packageDiagnostic(maintainerSite.file, 'packageMaintainerLocal', maintainerSite.loc, { maintainer }));
  }

  const section = pkg.section;
  const sectionSite = configSite(options, ['package', 'section']);
  if (!/^(?:[a-z0-9][a-z0-9+.-]*\/)?[a-z0-9][a-z0-9+.-]*$/.test(section)) {
    diagnostics.push(
      packageDiagnostic(sectionSite.file, 'packageFieldInvalid', sectionSite.loc, {
        field: 'section',
        value: section,
        reason: 'is not a section name (lower-case letters, digits and "+ - .", optionally after an area such as "contrib/")',
        hint: 'Use a Debian section such as "misc", "admin" or "utils".',
      }),
    );
  } else if (!debianSections.includes(section.replace(/^[^/]*\//, ''))) {
    const close = debianSections.find((s) => s.startsWith(section.slice(0, 3)));
    diagnostics.push(packageDiagnostic(sectionSite.file, 'packageSectionUnknown', sectionSite.loc, { section, suggestion: close ? ` (did you mean "${close}"?)` : '' }));
  }

  const prioritySite = configSite(options, ['package', 'priority']);
  if (!priorities.includes(pkg.priority)) {
    diagnostics.push(
      packageDiagnostic(prioritySite.file, 'packageFieldInvalid', prioritySite.loc, {
        field: 'priority',
        value: pkg.priority,
        reason: pkg.priority === 'extra' ? 'is deprecated since Debian Policy 4.0.1' : `is not one of ${priorities.join(', ')}`,
        hint: 'Use "optional", the priority of almost every package.',
      }),
    );
  }

  if (pkg.homepage !== undefined && !/^https?:\/\/[^\s/]+\S*$/.test(pkg.homepage)) {
    const site = configSite(options, ['package', 'homepage']);
    diagnostics.push(
      packageDiagnostic(site.file, 'packageFieldInvalid', site.loc, {
        field: 'homepage',
        value: pkg.homepage,
        reason: 'is not an http(s) URL',
        hint: 'Write the whole URL, e.g. "https://git.example.com/team/scripts", or leave the key out.',
      }),
    );
  }

  const prefixSite = configSite(options, ['prefix']);
  for (const name of names) {
    const problem = packageNameProblem(name);
    if (problem) diagnostics.push(packageDiagnostic(prefixSite.file, 'packageNameInvalid', prefixSite.loc, { name, reason: problem }));
  }
  return diagnostics;
}

/** "At 15 minutes past the hour" → "at 15 minutes past the hour". */
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A verbatim list item, wrapped: "- first line", continuation lines indented by two. */
function listItem(text: string): string[] {
  return wrapWords(text, maxItemWidth).map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`));
}
/** Verbatim description lines get two leading blanks; with "- " that leaves 76 of lintian's 80 columns. */
const maxItemWidth = 76;
/** Longer job lists are cut: the cron.d file is the full list. */
const maxListedJobs = 40;

/** The jobs of a cron.d file in words: one item per script, schedule and user (shards and repeated params counted). */
export function describeJobs(file: CronFilePlan): string[] {
  const groups = new Map<string, { script: string; time: string; user: string; count: number; shards?: number }>();
  for (const planned of file.jobs) {
    const key = [planned.job.script, planned.job.time, planned.user].join('\0');
    const group = groups.get(key) ?? { script: planned.job.script, time: planned.job.time, user: planned.user, count: 0 };
    group.count++;
    if (planned.job.shard) group.shards = planned.job.shard.mod;
    groups.set(key, group);
  }
  const items = [...groups.values()];
  const lines = items.slice(0, maxListedJobs).flatMap((group) => {
    const count = group.shards !== undefined && group.count === group.shards ? ` (${group.shards} shards)` : group.count > 1 ? ` (${group.count} jobs)` : '';
    const when = lowerFirst(describeSchedule(group.time, parseSchedule(group.time).model));
    return listItem(`${group.script}${count}, as ${group.user}: ${when}`);
  });
  if (items.length > maxListedJobs) lines.push(...listItem(`and ${items.length - maxListedJobs} more (see /etc/cron.d/${file.name})`));
  return lines;
}

/** "a", "a and b", "a, b and c". */
function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The synopsis, cut to a fallback when a long group name would make it too long for lintian. */
function synopsisFor(text: string, fallback: string): string {
  return text.length <= 80 ? text : fallback;
}

function cronDescription(file: CronFilePlan, config: CronpackConfig, scriptsPackage: string, installDir: string): PackageDescription {
  const jobs = plural(file.jobs.length, 'job');
  return {
    synopsis: synopsisFor(`${config.prefix} cron jobs of group ${file.group}`, `${config.prefix} cron jobs`),
    paragraphs: [
      { text: config.package.description },
      {
        text:
          `This package installs /etc/cron.d/${file.name}: ${jobs} that cron starts through switchman, ` +
          `which runs each on one allowed host of group ${file.group} at a time. ` +
          `The scripts come from the ${scriptsPackage} package, in ${installDir}.`,
      },
      { verbatim: describeJobs(file) },
    ],
  };
}

function retiredDescription(config: CronpackConfig, group: string, name: string): PackageDescription {
  return {
    synopsis: `transitional package retiring the ${config.prefix} cron jobs of group ${group}`,
    paragraphs: [
      { text: config.package.description },
      {
        text:
          `The cron jobs of group ${group} are gone from the ${config.prefix} repository. ` +
          `Installing this empty package over ${name} removes /etc/cron.d/${name} and its jobs manifest, ` +
          'so no line of the group stays active; jobs that moved to another group run only there. It can be removed safely.',
      },
    ],
  };
}

function scriptsDescription(config: CronpackConfig, scriptCount: number, cronPackages: readonly string[], installDir: string): PackageDescription {
  return {
    synopsis: `scripts run by the ${config.prefix} cron jobs`,
    paragraphs: [
      { text: config.package.description },
      {
        text:
          `This package installs the ${plural(scriptCount, 'file')} of the ${config.prefix} scripts repository ` +
          `in ${installDir}, with the modes the repository gives them. ` +
          `The cron ${cronPackages.length === 1 ? 'package' : 'packages'} ${joinAnd(cronPackages)} run them through switchman.`,
      },
    ],
  };
}

/** Installed-Size as dpkg-gencontrol counts it: KiB per file, rounded up, plus one per directory. */
/**
 * Installed-Size as debhelper's dpkg-gencontrol counts it over the build tree:
 * 1 KiB per directory (the top one and DEBIAN/ included), each file rounded up
 * to whole KiB, and the DEBIAN/ files that exist by then (conffiles,
 * maintainer scripts; not md5sums and control, which come after it).
 */
function installedSize(files: readonly DebFile[], earlyControlFiles: readonly DebFile[]): number {
  const dirs = new Set<string>(['', 'DEBIAN']);
  let kib = 0;
  for (const file of [...files, ...earlyControlFiles]) {
    kib += Math.ceil(file.content.length / 1024);
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return kib + dirs.size;
}

const timerReason =
  '# The jobs are cron\'s by design: switchman runs each on one host of its group at a time; a systemd timer would run it on every box.';

const changelogReason = '# A private package, not an upload to Debian: there is no ITP bug for its first changelog entry to close.';

interface Override {
  comment: string;
  override: string;
}

function renderOverrides(lines: readonly Override[]): string {
  return lines.map(({ comment, override }) => `${comment}\n${override}\n`).join('');
}

function scriptOverride(tag: ScriptTag): Override {
  return { comment: `# ${tag.path} ships as the repository has it: ${tag.reason}.`, override: `${tag.tag}${tag.hasContext ? ' *' : ''} [${tag.path}]` };
}

/** A copyright line names its year (lintian: copyright-without-copyright-notice); SOURCE_DATE_EPOCH's when the config gives none. */
function withYear(copyright: string, epoch: number): string {
  return /\b\d{4}\b/.test(copyright) ? copyright : `${new Date(epoch * 1000).getUTCFullYear()} ${copyright}`;
}

interface Common {
  version: string;
  fileVersion: string;
  changelogGz: Buffer;
  changelogName: string;
  copyright: Buffer;
  mtime: number;
  source: string;
}

function assemble(
  name: string,
  kind: DebPackagePlan['kind'],
  config: CronpackConfig,
  common: Common,
  parts: {
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
  },
): DebPackagePlan {
  const doc = `usr/share/doc/${name}`;
  const overrideList = [...parts.overrides];
  // lintian's check is for Debian's archive: one "-1" entry there is an initial upload, which closes an ITP bug.
  if (/-1$/.test(common.version)) {
    overrideList.push({ comment: changelogReason, override: `initial-upload-closes-no-bugs [${doc}/${common.changelogName}:1]` });
  }
  const overrides = overrideList.length > 0 ? renderOverrides(overrideList) : undefined;
  const files: DebFile[] = [
    ...parts.files,
    { path: `${doc}/${common.changelogName}`, content: common.changelogGz, mode: 0o644 },
    { path: `${doc}/copyright`, content: common.copyright, mode: 0o644 },
  ];
  if (overrides !== undefined) files.push({ path: `usr/share/lintian/overrides/${name}`, content: Buffer.from(overrides), mode: 0o644 });
  files.sort((a, b) => compare(a.path, b.path));
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
  controlFiles.sort((a, b) => compare(a.path, b.path));
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

/**
 * Plans one binary package per cron.d file (`<prefix>-<package>`) and one
 * `<prefix>-scripts` package with `scripts` under config.installDir. Every
 * check that can stop packaging happens here, so a plan without errors is
 * one the packager can always build.
 */
export function planDebianPackages(build: BuildResult, scripts: readonly ScriptFile[], config: CronpackConfig, options: PlanDebianOptions): DebianPackagesPlan {
  const diagnostics: Diagnostic[] = [];
  if (countBySeverity(build.diagnostics).errors > 0) return { packages: [], diagnostics };

  const versionText = options.version ?? config.package.version;
  const versionSite = options.version !== undefined ? { file: optionSite('--version'), loc: at1 } : configSite(options, ['package', 'version']);
  const parsed = versionText === undefined ? undefined : parseDebianVersion(versionText);
  if (versionText === undefined) {
    diagnostics.push(packageDiagnostic(versionSite.file, 'packageVersionMissing', versionSite.loc));
  } else if (parsed && !parsed.ok) {
    diagnostics.push(packageDiagnostic(versionSite.file, 'packageVersionInvalid', versionSite.loc, { version: versionText, reason: parsed.reason }));
  }

  const scriptsName = `${config.prefix}-scripts`;
  for (const file of build.files) {
    if (file.plan.name !== scriptsName) continue;
    const first = file.plan.jobs[0]!.job;
    diagnostics.push(
      packageDiagnostic(first.script, 'packageNameClash', first.block.fields.package?.valueSpan ?? first.block.span, {
        group: file.plan.group,
        name: scriptsName,
        suggestion: `${file.plan.group}-jobs`,
      }),
    );
  }
  const retiredSite = configSite(options, ['retired']);
  for (const group of config.retired) {
    const file = build.files.find((built) => built.plan.group === group);
    if (!file) continue;
    const first = file.plan.jobs[0]!.job;
    diagnostics.push(packageDiagnostic(retiredSite.file, 'retiredGroupHasJobs', retiredSite.loc, { group, jobs: file.plan.jobs.length, script: `${first.script}:${first.block.span.line}` }));
  }
  const retiredNames = config.retired.map((group) => `${config.prefix}-${group}`);
  diagnostics.push(...validateConfig(config, options, [config.prefix, scriptsName, ...build.files.map((file) => file.plan.name), ...retiredNames]));
  if (build.files.length === 0) diagnostics.push(packageDiagnostic(options.configFile ?? 'cronpack.config.json', 'packageNoJobs', at1));
  if (countBySeverity(diagnostics).errors > 0 || !parsed?.ok || build.files.length === 0) return { packages: [], diagnostics };

  const version = versionText!;
  const native = isNativeVersion(parsed.version);
  const installDir = `/${config.installDir.split('/').filter((part) => part !== '').join('/')}`;
  const cronNames = build.files.map((file) => file.plan.name);
  const changelog = renderChangelog({
    source: config.prefix,
    version,
    changes: [
      `Generated by cronpack ${options.cronpackVersion} from ${options.source ?? `the ${config.prefix} repository`}.`,
      `${scriptsName}: ${plural(scripts.length, 'file')} in ${installDir}. ${build.files.map((file) => `${file.plan.name}: ${plural(file.plan.jobs.length, 'job')}`).join('; ')}.`,
    ],
    maintainer: config.package.maintainer,
    date: options.sourceDateEpoch,
  });
  const copyright = renderCopyright({
    upstreamName: config.prefix,
    contact: oneLine(config.package.maintainer),
    ...(config.package.homepage !== undefined ? { source: config.package.homepage } : {}),
    copyright: withYear(config.package.copyright, options.sourceDateEpoch),
    license: config.package.license,
    ...(options.licenseText !== undefined ? { licenseText: options.licenseText } : {}),
  });
  const common: Common = {
    version,
    fileVersion: versionForFileName(parsed.version),
    // Lintian wants changelog.gz in native packages, changelog.Debian.gz (beside an upstream one) otherwise.
    changelogName: native ? 'changelog.gz' : 'changelog.Debian.gz',
    changelogGz: gzipReproducibly(changelog),
    copyright: Buffer.from(copyright),
    mtime: options.sourceDateEpoch,
    source: config.prefix,
  };

  // The scripts package: every file, executables 0755, the rest 0644.
  const base = installDir.slice(1);
  const scriptFiles: DebFile[] = [];
  const depends = new Set<string>();
  const tags: ScriptTag[] = [];
  for (const script of [...scripts].sort((a, b) => compare(a.path, b.path))) {
    const executable = (script.mode & 0o111) !== 0;
    const path = `${base}/${script.path}`;
    scriptFiles.push({ path, content: script.content, mode: executable ? 0o755 : 0o644 });
    const analysis = analyzeScript(path, script.content, executable);
    if (analysis.depends !== undefined) depends.add(analysis.depends);
    for (const found of analysis.tags) {
      if (found.severity === 'warning') {
        tags.push(found);
        continue;
      }
      const shebang = readShebang(script.content)?.line ?? '';
      const end = { line: 1, column: 1, endLine: 1, endColumn: shebang.length + 3 };
      diagnostics.push(packageDiagnostic(script.path, 'scriptLineRejected', end, { shebang, tag: found.tag, package: scriptsName, fix: found.fix ?? '' }));
    }
  }
  const scriptsPackage = assemble(scriptsName, 'scripts', config, common, {
    depends: [...depends].sort(compare),
    description: scriptsDescription(config, scripts.length, cronNames, installDir),
    files: scriptFiles,
    conffiles: [],
    overrides: tags.map(scriptOverride),
  });

  const cronPackages = build.files.map((file) => {
    // The manifest its cron lines test for: removing this package (purged or not) silences them.
    // Unlike build's (version null), it names the version this package installs, as its control file does.
    const manifestPath = manifestPathFor(config.manifestDir, file.plan.name).slice(1);
    const manifest = renderJobsManifest(file.plan, version);
    const users = [...new Set(file.plan.jobs.map((planned) => planned.user).filter((user) => user !== 'root'))].sort(compare);
    return assemble(file.plan.name, 'cron', config, common, {
      depends: ['cron | cron-daemon', 'switchman', `${scriptsName} (= ${version})`],
      description: cronDescription(file.plan, config, scriptsName, installDir),
      files: [
        { path: `etc/cron.d/${file.plan.name}`, content: Buffer.from(file.content), mode: 0o644 },
        { path: manifestPath, content: Buffer.from(manifest), mode: 0o644 },
      ],
      conffiles: [`/etc/cron.d/${file.plan.name}`],
      overrides: [{ comment: timerReason, override: `missing-systemd-timer-for-cron-script [etc/cron.d/${file.plan.name}]` }],
      group: file.plan.group,
      manifestPath,
      maintainerScripts: { postinst: cronPackagePostinst(file.plan.name, users) },
    });
  });
  const retiredPackages = config.retired.map((group) => {
    const name = `${config.prefix}-${group}`;
    const line = rmConffileLine(`/etc/cron.d/${name}`, version, name);
    return assemble(name, 'retired', config, common, {
      depends: [],
      description: retiredDescription(config, group, name),
      files: [],
      conffiles: [],
      overrides: [],
      maintainerScripts: maintscriptHelperScripts(name, line),
      maintscript: line,
      section: 'oldlibs',
    });
  });

  const source: SourcePlan = {
    name: config.prefix,
    version,
    native,
    maintainer: oneLine(config.package.maintainer),
    section: config.package.section,
    priority: config.package.priority,
    changelog,
    copyright,
    installDir,
  };
  if (config.package.homepage !== undefined) source.homepage = config.package.homepage;
  diagnostics.sort(compareDiagnostics);
  return { packages: [scriptsPackage, ...cronPackages, ...retiredPackages], diagnostics, source };
}
