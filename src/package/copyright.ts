/**
 * /usr/share/doc/PKG/copyright in the machine-readable format 1.0
 * (https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/). Pure.
 */
import { maxLineWidth, oneLine, wrapWords } from './control.js';

export const copyrightFormatUri = 'https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/';

/**
 * Licenses whose full text every Debian system has in /usr/share/common-licenses,
 * keyed by the copyright-format short name (a trailing "+" means "or later").
 * BSD and the unversioned GPL/LGPL/GFDL files are left out: lintian wants versioned
 * references, and the BSD file names the Regents only.
 */
const commonLicenses = new Set([
  'Apache-2.0',
  'Artistic',
  'CC0-1.0',
  'GFDL-1.2',
  'GFDL-1.3',
  'GPL-1',
  'GPL-2',
  'GPL-3',
  'LGPL-2',
  'LGPL-2.1',
  'LGPL-3',
  'MPL-1.1',
  'MPL-2.0',
]);

/** SPDX identifiers people write for the common licenses, to their copyright-format short names. */
const spdxAliases: Record<string, string> = {
  'GPL-1.0-only': 'GPL-1',
  'GPL-1.0-or-later': 'GPL-1+',
  'GPL-2.0-only': 'GPL-2',
  'GPL-2.0-or-later': 'GPL-2+',
  'GPL-3.0-only': 'GPL-3',
  'GPL-3.0-or-later': 'GPL-3+',
  'LGPL-2.0-only': 'LGPL-2',
  'LGPL-2.0-or-later': 'LGPL-2+',
  'LGPL-2.1-only': 'LGPL-2.1',
  'LGPL-2.1-or-later': 'LGPL-2.1+',
  'LGPL-3.0-only': 'LGPL-3',
  'LGPL-3.0-or-later': 'LGPL-3+',
  'GFDL-1.2-only': 'GFDL-1.2',
  'GFDL-1.2-or-later': 'GFDL-1.2+',
  'GFDL-1.3-only': 'GFDL-1.3',
  'GFDL-1.3-or-later': 'GFDL-1.3+',
  'Artistic-1.0': 'Artistic',
  MIT: 'Expat',
};

/** The copyright-format short name for a license as written in the config (SPDX ids are mapped, blanks become "-"). */
export function licenseShortName(license: string): string {
  const trimmed = oneLine(license);
  return spdxAliases[trimmed] ?? trimmed.replace(/ /g, '-');
}

/** The /usr/share/common-licenses file for a short name, if Debian ships its text. */
export function commonLicenseFile(shortName: string): string | undefined {
  const base = shortName.replace(/\+$/, '');
  return commonLicenses.has(base) ? `/usr/share/common-licenses/${base}` : undefined;
}

/** Text as the continuation lines of a field: each line indented by one blank, empty lines as " .", no tabs. */
export function continuationLines(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\t/g, '        ').split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line === '' ? ' .' : ` ${line}`)).join('\n');
}

export interface CopyrightInput {
  /** Upstream-Name: the project, i.e. the prefix. */
  upstreamName: string;
  /** Upstream-Contact, e.g. the maintainer. */
  contact?: string;
  /** Source: where the files come from (the homepage). */
  source?: string;
  /** The Copyright line, e.g. "2026 ACME Ops". */
  copyright: string;
  /** As written in the config, e.g. "proprietary", "GPL-2+", "MIT". */
  license: string;
  /** The repository's own license file text, used when Debian has no common copy of the license. */
  licenseText?: string;
}

/** Prose of ours, wrapped for the file (paragraphs separated by a blank line). */
const wrapProse = (text: string): string =>
  text
    .split('\n\n')
    .map((paragraph) => wrapWords(paragraph, maxLineWidth - 1).join('\n'))
    .join('\n\n');

/** The license paragraph's text: a pointer to Debian's common copy, the repository's text, or a plain statement. */
function licenseBody(shortName: string, input: CopyrightInput): string {
  const common = commonLicenseFile(shortName);
  if (common) {
    const later = shortName.endsWith('+') ? ', or (at your option) any later version' : '';
    return wrapProse(`Licensed under the ${shortName.replace(/\+$/, '')} license${later}.\n\nOn Debian systems, the complete text of this license can be found in "${common}".`);
  }
  if (input.licenseText !== undefined && input.licenseText.trim() !== '') return input.licenseText;
  if (shortName.toLowerCase() === 'proprietary') {
    return wrapProse(`All rights reserved by the copyright holders (${oneLine(input.copyright)}). These files are not licensed for use outside the ${input.upstreamName} project.`);
  }
  return wrapProse(`The ${input.upstreamName} repository states the terms of the ${shortName} license.`);
}

/** The whole copyright file: a header paragraph and one "Files: *" paragraph. */
export function renderCopyright(input: CopyrightInput): string {
  const shortName = licenseShortName(input.license);
  const header = [`Format: ${copyrightFormatUri}`, `Upstream-Name: ${oneLine(input.upstreamName)}`];
  if (input.contact !== undefined) header.push(`Upstream-Contact: ${oneLine(input.contact)}`);
  if (input.source !== undefined) header.push(`Source: ${oneLine(input.source)}`);
  const files = ['Files: *', `Copyright: ${oneLine(input.copyright)}`, `License: ${shortName}`, continuationLines(licenseBody(shortName, input))];
  return `${header.join('\n')}\n\n${files.join('\n')}\n`;
}
