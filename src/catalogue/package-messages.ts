import type { MessageSpec } from './message-spec.js';

/**
 * Debian packaging diagnostics (CP31xx); merged into the one catalogue in
 * catalogue/messages.ts. planDebianPackages() reports them: the packager
 * never sees a plan with any of these errors.
 */
export const packageMessages = {
  packageVersionMissing: {
    code: 'CP3101',
    severity: 'error',
    title: 'No package version',
    text: 'No version for the Debian packages: the config has no "package.version" and no --version was given.',
    hint: 'Add "package": { "version": "1.0.0" } to the cronpack config, or run "cronpack package --version 1.0.0".',
  },
  packageVersionInvalid: {
    code: 'CP3102',
    severity: 'error',
    title: 'Invalid Debian version',
    text: 'Version "{version}" is not a valid Debian version: {reason}.',
    hint: 'Write [epoch:]upstream[-revision]: upstream starts with a digit and holds letters, digits and ". + ~" (and "-" only with a revision), e.g. "1.4.0" or "1.4.0-1".',
  },
  packageNameInvalid: {
    code: 'CP3103',
    severity: 'error',
    title: 'Invalid Debian package name',
    text: 'The Debian package name "{name}" is not valid: {reason}.',
    hint: 'Debian package names are at least two characters of lower-case letters, digits and "+ - .", starting with a letter or digit; change the prefix or the package.',
  },
  packageNameClash: {
    code: 'CP3104',
    severity: 'error',
    title: 'Cron package clashes with the scripts package',
    text: 'Package "{group}" would be built as "{name}", the name of the package that holds the scripts.',
    hint: 'Rename the package in METADATA (e.g. "{suggestion}"); "{name}" is reserved for the scripts.',
  },
  packageMaintainerInvalid: {
    code: 'CP3105',
    severity: 'error',
    title: 'Maintainer is not "Name <email>"',
    text: 'Maintainer "{maintainer}" is not of the form "Name <email>": {reason}.',
    hint: 'Set "package": { "maintainer": "Team Name <team@example.com>" } in the cronpack config.',
  },
  packageMaintainerLocal: {
    code: 'CP3106',
    severity: 'warning',
    title: 'Maintainer address is local',
    text: 'Maintainer "{maintainer}" has a local address; lintian rejects packages with it (maintainer-address-is-on-localhost).',
    hint: 'Set "package": { "maintainer": "Team Name <team@example.com>" } in the cronpack config.',
  },
  packageFieldInvalid: {
    code: 'CP3107',
    severity: 'error',
    title: 'Invalid control field value',
    text: 'package.{field} "{value}" {reason}.',
    hint: '{hint}',
  },
  packageSectionUnknown: {
    code: 'CP3109',
    severity: 'warning',
    title: 'Section unknown to Debian',
    text: 'package.section "{section}" is not one of Debian\'s sections; lintian warns about it (unknown-section).',
    hint: 'Use a Debian section such as "misc", "admin" or "utils"{suggestion}.',
  },
  scriptLineRejected: {
    code: 'CP3110',
    severity: 'warning',
    title: '"#!" line that lintian rejects',
    text: 'The line "#!{shebang}" makes lintian report {tag}, an error, for the {package} package.',
    hint: '{fix}',
  },
  retiredGroupHasJobs: {
    code: 'CP3111',
    severity: 'error',
    title: 'Retired package still has jobs',
    text: 'Package "{group}" is listed in "retired" but still has {jobs} jobs (the first at {script}); a retired package is built empty.',
    hint: 'Move its jobs to another package, or take "{group}" out of "retired".',
  },
  packageNoJobs: {
    code: 'CP3108',
    severity: 'warning',
    title: 'No jobs to package',
    text: 'No valid jobs were found, so there is no cron package to build; the output folder will hold no packages.',
    hint: 'Add METADATA <crontab> blocks to the scripts, or check the include/exclude globs of the config.',
  },
} as const satisfies Record<string, MessageSpec>;

export type PackageMessageId = keyof typeof packageMessages;
