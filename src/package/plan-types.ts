/**
 * The shapes of a Debian packages plan: what planDebianPackages returns and
 * the packagers and the debian/ source tree read.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { PackageDescription } from './control.js';
import type { MaintainerScripts } from './maintainer-scripts.js';

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
