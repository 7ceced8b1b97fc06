/**
 * debian/changelog text (deb-changelog(5)) and the gzip form that
 * /usr/share/doc/PKG/ holds. Pure.
 */
import { gzip } from 'pako';
import { maxLineWidth, oneLine, wrapWords } from './control.js';

export interface ChangelogInput {
  /** The source package name: the first word of the entry. */
  source: string;
  version: string;
  /** Default "unstable". */
  distribution?: string;
  /** Each becomes one "  * " item, wrapped. */
  changes: string[];
  /** "Name <email>" of the trailer line. */
  maintainer: string;
  /** The entry's date, seconds since the epoch (SOURCE_DATE_EPOCH). */
  date: number;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const two = (n: number): string => String(n).padStart(2, '0');

/** RFC 5322 date in UTC, as dpkg-parsechangelog reads it: "Mon, 01 Jan 2024 00:00:00 +0000". */
export function rfc5322Date(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${weekdays[d.getUTCDay()]}, ${two(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** One changelog entry: header, "  * " items wrapped within 80 columns, trailer. */
export function renderChangelog(input: ChangelogInput): string {
  const items = input.changes.flatMap((change) =>
    wrapWords(change, maxLineWidth - 4).map((line, i) => (i === 0 ? `  * ${line}` : `    ${line}`)),
  );
  return [
    `${input.source} (${input.version}) ${input.distribution ?? 'unstable'}; urgency=medium`,
    '',
    ...items,
    '',
    ` -- ${oneLine(input.maintainer)}  ${rfc5322Date(input.date)}`,
    '',
  ].join('\n');
}

/**
 * gzip as `gzip -9n` does it for Debian: best compression, no file name, mtime 0,
 * OS "Unix". pako, not node's zlib: node 20 bundles a zlib whose deflate output
 * differs from the system zlib Debian's node 18 uses, and the .deb files must be
 * byte-identical whichever node builds them.
 */
export function gzipReproducibly(content: string | Buffer): Buffer {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return Buffer.from(gzip(bytes, { level: 9 }));
}
