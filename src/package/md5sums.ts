import { createHash } from 'node:crypto';

/** DEBIAN/md5sums as dh_md5sums writes it: "<md5>  <path without leading />", sorted by path. */
export function renderMd5sums(files: ReadonlyArray<{ path: string; content: Buffer | string }>): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => `${createHash('md5').update(file.content).digest('hex')}  ${file.path.replace(/^\/+/, '')}\n`)
    .join('');
}
