import { chmod, lutimes, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DebPackagePlan } from '../package/plan-types.js';

/**
 * Writes the tree that `dpkg-deb --build` turns into the package: DEBIAN/
 * with the control files, and every data file. Every entry gets its mode
 * set explicitly (directories 0755, files 0644 or 0755, whatever the umask)
 * and the plan's mtime, so the tree is the same on every machine.
 */
export async function writeStagingTree(plan: DebPackagePlan, dir: string): Promise<void> {
  const entries = new Map<string, number>([['', 0o755]]);
  for (const file of [...plan.controlFiles, ...plan.files]) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) entries.set(parts.slice(0, i).join('/'), 0o755);
  }
  const dirs = [...entries.keys()].sort();
  for (const path of dirs) await mkdir(join(dir, path), { recursive: true });
  for (const file of [...plan.controlFiles, ...plan.files]) {
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content, { mode: file.mode });
    entries.set(file.path, file.mode);
  }
  // Modes first (writeFile and mkdir obey the umask), then times: deepest first, so no later write touches them.
  const all = [...entries.entries()].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
  for (const [path, mode] of all) await chmod(join(dir, path), mode);
  for (const [path] of all) await lutimes(join(dir, path), plan.mtime, plan.mtime);
}
