/**
 * Debian version strings (Debian Policy 5.6.12): [epoch:]upstream_version[-debian_revision].
 * Pure; planDebianPackages() validates with this so the packager never sees a bad version.
 */

export interface DebianVersion {
  epoch?: number;
  upstream: string;
  /** The Debian revision after the last "-"; undefined for a native version. */
  revision?: string;
}

export type VersionCheck = { ok: true; version: DebianVersion } | { ok: false; reason: string };

/** Parses and validates a Debian version; `reason` says what is wrong in words a user can act on. */
/** Far above any real version, and short enough for <name>_<version>_all.deb to fit a file name. */
export const maxVersionLength = 100;

export function parseDebianVersion(text: string): VersionCheck {
  if (text === '') return { ok: false, reason: 'it is empty' };
  // It goes into every .deb's file name, which must stay within NAME_MAX (255 bytes).
  if (text.length > maxVersionLength) return { ok: false, reason: `it is longer than ${maxVersionLength} characters` };
  const blank = /\s/.exec(text);
  if (blank) return { ok: false, reason: 'it contains a blank' };
  let rest = text;
  let epoch: number | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const epochText = rest.slice(0, colon);
    if (!/^\d+$/.test(epochText)) return { ok: false, reason: `the epoch "${epochText}" before ":" is not a number` };
    epoch = Number(epochText);
    if (!Number.isSafeInteger(epoch) || epoch > 2147483647) return { ok: false, reason: `the epoch ${epochText} is too large` };
    rest = rest.slice(colon + 1);
    if (rest.includes(':')) return { ok: false, reason: 'it has more than one ":"; only an epoch is followed by ":"' };
  }
  let revision: string | undefined;
  const hyphen = rest.lastIndexOf('-');
  if (hyphen >= 0) {
    revision = rest.slice(hyphen + 1);
    rest = rest.slice(0, hyphen);
    if (revision === '') return { ok: false, reason: 'the Debian revision after the last "-" is empty' };
    const bad = /[^A-Za-z0-9+.~]/.exec(revision);
    if (bad) return { ok: false, reason: `the Debian revision "${revision}" contains "${bad[0]}"; only letters, digits and ". + ~" are allowed there` };
  }
  if (rest === '') return { ok: false, reason: 'the upstream version is empty' };
  if (!/^\d/.test(rest)) return { ok: false, reason: `the upstream version "${rest}" does not start with a digit` };
  const bad = /[^A-Za-z0-9.+~-]/.exec(rest);
  if (bad) return { ok: false, reason: `the upstream version "${rest}" contains "${bad[0]}"; only letters, digits and ". + ~ -" are allowed` };
  const version: DebianVersion = { upstream: rest };
  if (epoch !== undefined) version.epoch = epoch;
  if (revision !== undefined) version.revision = revision;
  return { ok: true, version };
}

/** A native version has no Debian revision: the package is its own upstream (changelog.gz, 3.0 (native)). */
export function isNativeVersion(version: DebianVersion): boolean {
  return version.revision === undefined;
}

/** The version as it appears in .deb file names: without the epoch, as dpkg-deb and dpkg-buildpackage name them. */
export function versionForFileName(version: DebianVersion): string {
  return version.revision === undefined ? version.upstream : `${version.upstream}-${version.revision}`;
}

/** Debian package names (Policy 5.6.1): two or more of [a-z0-9+.-], starting with a letter or digit. */
export function packageNameProblem(name: string): string | undefined {
  if (name.length < 2) return 'it is shorter than two characters';
  if (!/^[a-z0-9]/.test(name)) return 'it does not start with a lower-case letter or digit';
  const bad = /[^a-z0-9+.-]/.exec(name);
  if (bad) return `it contains "${bad[0]}"`;
  return undefined;
}
