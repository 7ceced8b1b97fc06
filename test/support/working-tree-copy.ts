import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './golden.js';

/**
 * A copy of this repository's working tree (tracked files and new ones git does not ignore, as
 * they are now, with their modes) at <into>/cronpack, node_modules linked in: what
 * dpkg-buildpackage wants, without touching this checkout.
 */
export function copyWorkingTree(into: string): string {
  const files = execFileSync('git', ['-C', repoRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' }).split('\0').filter(Boolean);
  const copy = join(into, 'cronpack');
  for (const file of files) {
    if (!existsSync(join(repoRoot, file))) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(copy, file));
    spawnSync('chmod', ['--reference', join(repoRoot, file), join(copy, file)]);
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}
