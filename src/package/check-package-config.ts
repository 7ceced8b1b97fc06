/**
 * The checks of the config's package settings that stop packaging: the
 * version, maintainer, section, priority, homepage and the package names.
 * Pure: each returns diagnostics, pointing at where the value was written.
 */
import type { CronpackConfig } from '../config/config-types.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { oneLine } from './control.js';
import { packageNameProblem, parseDebianVersion, type VersionCheck } from './debian-version.js';
import type { PlanDebianOptions } from './plan-types.js';
import { createDiagnostic, diagnosticAt, fillPhrase, type Site } from '../diagnostics/report.js';
import { packageFieldPhrases, sectionSuggestion } from '../catalogue/phrases.js';

export const at1: Span = { line: 1, column: 1 };

/** Debian's archive sections (Debian Policy 2.4), optionally after an area ("contrib/"). */
export const debianSections: readonly string[] = [
  'admin', 'cli-mono', 'comm', 'database', 'debug', 'devel', 'doc', 'editors', 'education', 'electronics', 'embedded',
  'fonts', 'games', 'gnome', 'gnu-r', 'gnustep', 'graphics', 'hamradio', 'haskell', 'httpd', 'interpreters',
  'introspection', 'java', 'javascript', 'kde', 'kernel', 'libdevel', 'libs', 'lisp', 'localization', 'mail', 'math',
  'metapackages', 'misc', 'net', 'news', 'ocaml', 'oldlibs', 'otherosfs', 'perl', 'php', 'python', 'ruby', 'rust',
  'science', 'shells', 'sound', 'tasks', 'tex', 'text', 'utils', 'vcs', 'video', 'web', 'x11', 'xfce', 'zope',
];
const priorities = ['required', 'important', 'standard', 'optional'];

/** Where a config value was written, for a diagnostic; the config file's start when it was not written, and no file when there is no config file. */
export function configSite(options: PlanDebianOptions, path: (string | number)[]): Site {
  const where = options.locate?.(path);
  if (where) return { file: where.file, loc: where.span };
  return options.configFile === undefined ? {} : { file: options.configFile, loc: at1 };
}

export interface VersionResult {
  /** --version, else the config's package.version. */
  text?: string;
  /** Undefined when there is no version at all. */
  parsed?: VersionCheck;
  diagnostics: Diagnostic[];
}

/** The version every package gets: --version wins over package.version; one of them must be a valid Debian version. */
export function checkVersion(config: CronpackConfig, options: PlanDebianOptions): VersionResult {
  const diagnostics: Diagnostic[] = [];
  const versionText = options.version ?? config.package.version;
  const versionSite: Site = options.version !== undefined ? { option: '--version' } : configSite(options, ['package', 'version']);
  const parsed = versionText === undefined ? undefined : parseDebianVersion(versionText);
  if (versionText === undefined) {
    diagnostics.push(diagnosticAt(versionSite, { messageId: 'packageVersionMissing' }));
  } else if (parsed && !parsed.ok) {
    diagnostics.push(diagnosticAt(versionSite, { messageId: 'packageVersionInvalid', data: { version: versionText, reason: parsed.reason } }));
  }
  const result: VersionResult = { diagnostics };
  if (versionText !== undefined) result.text = versionText;
  if (parsed !== undefined) result.parsed = parsed;
  return result;
}

/** The Maintainer field: one "Name <address>", no comma in the name; a localhost address only warns. */
function checkMaintainer(config: CronpackConfig, options: PlanDebianOptions): Diagnostic[] {
  const maintainer = oneLine(config.package.maintainer);
  const match = /^([^<>]*[^<>\s])\s*<([^<>\s]+)>$/.exec(maintainer);
  const maintainerSite = configSite(options, ['package', 'maintainer']);
  let maintainerProblem: string | undefined;
  if (!match) maintainerProblem = 'expected a name, then an address in <>';
  else if (match[1]!.includes(',')) maintainerProblem = 'the name contains ",", which separates maintainers in Debian';
  else if (!/^[^@]+@[^@]+\.[^@]+$|^[^@]+@localhost(?:\.localdomain)?$/.test(match[2]!)) maintainerProblem = `"${match[2]}" is not an e-mail address`;
  if (maintainerProblem) return [diagnosticAt(maintainerSite, { messageId: 'packageMaintainerInvalid', data: { maintainer, reason: maintainerProblem } })];
  if (/@localhost(?:\.localdomain)?$/.test(match![2]!)) return [diagnosticAt(maintainerSite, { messageId: 'packageMaintainerLocal', data: { maintainer } })];
  return [];
}

/** The Section field: a well-formed name, and one of Debian's. */
function checkSection(config: CronpackConfig, options: PlanDebianOptions): Diagnostic[] {
  const section = config.package.section;
  const sectionSite = configSite(options, ['package', 'section']);
  if (!/^(?:[a-z0-9][a-z0-9+.-]*\/)?[a-z0-9][a-z0-9+.-]*$/.test(section)) {
    return [
      diagnosticAt(sectionSite, { messageId: 'packageFieldInvalid', data: { field: 'section', value: section, ...packageFieldPhrases.section } }),
    ];
  }
  if (debianSections.includes(section.replace(/^[^/]*\//, ''))) return [];
  const close = debianSections.find((s) => s.startsWith(section.slice(0, 3)));
  return [diagnosticAt(sectionSite, { messageId: 'packageSectionUnknown', data: { section, suggestion: close ? fillPhrase(sectionSuggestion, { section: close }) : '' } })];
}

/** Why a priority is refused: "extra" is deprecated, anything else unknown. */
function priorityPhrase(priority: string): { reason: string; hint: string } {
  if (priority === 'extra') return packageFieldPhrases.priorityDeprecated;
  const { reason, hint } = packageFieldPhrases.priorityUnknown;
  return { reason: fillPhrase(reason, { priorities: priorities.join(', ') }), hint };
}

/** The Priority field: one of Debian Policy's four. */
function checkPriority(config: CronpackConfig, options: PlanDebianOptions): Diagnostic[] {
  const pkg = config.package;
  const prioritySite = configSite(options, ['package', 'priority']);
  if (priorities.includes(pkg.priority)) return [];
  return [
    diagnosticAt(prioritySite, { messageId: 'packageFieldInvalid', data: { field: 'priority', value: pkg.priority, ...priorityPhrase(pkg.priority) } }),
  ];
}

/** The Homepage field, when given: an http(s) URL. */
function checkHomepage(config: CronpackConfig, options: PlanDebianOptions): Diagnostic[] {
  const pkg = config.package;
  if (pkg.homepage === undefined || /^https?:\/\/[^\s/]+\S*$/.test(pkg.homepage)) return [];
  const site = configSite(options, ['package', 'homepage']);
  return [
    diagnosticAt(site, { messageId: 'packageFieldInvalid', data: { field: 'homepage', value: pkg.homepage, ...packageFieldPhrases.homepage } }),
  ];
}

/** Every package name the build would make, blamed on the prefix that they all start with. */
function checkPackageNames(options: PlanDebianOptions, names: string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const prefixSite = configSite(options, ['prefix']);
  for (const name of names) {
    const problem = packageNameProblem(name);
    if (problem) diagnostics.push(diagnosticAt(prefixSite, { messageId: 'packageNameInvalid', data: { name, reason: problem } }));
  }
  return diagnostics;
}

/** The config's package settings and the package names, in this order: maintainer, section, priority, homepage, names. */
export function checkPackageConfig(config: CronpackConfig, options: PlanDebianOptions, names: string[]): Diagnostic[] {
  return [
    ...checkMaintainer(config, options),
    ...checkSection(config, options),
    ...checkPriority(config, options),
    ...checkHomepage(config, options),
    ...checkPackageNames(options, names),
  ];
}
