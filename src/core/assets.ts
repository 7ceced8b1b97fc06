import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let packageRoot: string | undefined;

/**
 * cronpack's own install folder (where package.json, templates/ and debian/ live),
 * found by walking up from this module: the same from src/ (tsx), dist/ (tsc)
 * and the esbuild bundle, whatever depth each puts this code at.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the cronpack package folder (package.json beside templates/)');
    dir = parent;
  }
}

/** A file shipped with cronpack, by its path inside the package (e.g. "templates/cron.d.hbs"). */
export function readAsset(relativePath: string): string {
  packageRoot ??= findPackageRoot();
  return readFileSync(join(packageRoot, relativePath), 'utf8');
}

/** The handlebars source of a cron.d file, which render/ takes as a value. */
export function cronFileTemplate(): string {
  return readAsset('templates/cron.d.hbs');
}
