/** Installed-Size as dpkg-gencontrol counts it: KiB per file, rounded up, plus one per directory. */
import type { DebFile } from './plan-types.js';

/**
 * Installed-Size as debhelper's dpkg-gencontrol counts it over the build tree:
 * 1 KiB per directory (the top one and DEBIAN/ included), each file rounded up
 * to whole KiB, and the DEBIAN/ files that exist by then (conffiles,
 * maintainer scripts; not md5sums and control, which come after it).
 */
export function installedSize(files: readonly DebFile[], earlyControlFiles: readonly DebFile[]): number {
  const dirs = new Set<string>(['', 'DEBIAN']);
  let kib = 0;
  for (const file of [...files, ...earlyControlFiles]) {
    kib += Math.ceil(file.content.length / 1024);
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return kib + dirs.size;
}
