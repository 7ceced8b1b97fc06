import { existsSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { outputMarkerName } from '../core/output-marker.js';

/**
 * cronpack's own output folders inside a repository: they hold copies of the
 * scripts (package's staging trees), which must never be checked or packaged
 * again as scripts, or every job would be scheduled twice.
 *
 * An output folder holds the marker file at its top. Folders written before
 * the marker existed are recognised by the layout `package` gave them:
 * `<out>/tree/<pkg>/DEBIAN/control` beside `<out>/<pkg>_<version>_<arch>.deb`;
 * then all of `<out>` is skipped. A `DEBIAN/control` without that `.deb` is
 * someone's own package skeleton, and is scanned as before.
 */
export class OutputFolders {
  private readonly folders = new Set<string>();

  constructor(private readonly root: string) {}

  /** Patterns for the walk below `prefix` (a folder + "/", or ""): what marks an output folder. */
  static patterns(prefix: string): string[] {
    return [`${prefix}**/${outputMarkerName}`, `${prefix}**/tree/*/DEBIAN/control`];
  }

  /** Whether a file the walk found (its name, its path) is a marker; notes the output folder it marks, if any. */
  noteIfMarker(name: string, path: string): boolean {
    if (name === outputMarkerName) {
      this.folders.add(parentOf(path));
      return true;
    }
    if (name === 'control' && /(?:^|\/)tree\/[^/]+\/DEBIAN\/control$/.test(path)) {
      const parts = path.split('/');
      const pkg = parts[parts.length - 3]!;
      const outDir = parts.slice(0, -4).join('/');
      if (isOldPackageOutput(this.root, outDir, pkg)) this.folders.add(outDir);
      return false; // a file like any other, should the folder turn out not to be an output
    }
    return false;
  }

  /** Whether `path` is inside an output folder noted so far. */
  contains(path: string): boolean {
    if (this.folders.size === 0) return false;
    if (this.folders.has('')) return true;
    for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) {
      if (this.folders.has(path.slice(0, at))) return true;
    }
    return false;
  }

  /** Whether a path named on the command line is an output folder or inside one: looks at the folders above it. */
  isInsideOutput(path: string): boolean {
    const parts = path === '' ? [] : path.split('/');
    for (let depth = 0; depth <= parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      if (existsSync(join(this.root, dir, outputMarkerName))) return true;
      // <out>/tree/<pkg>: dir is <out> when parts[depth] is "tree"
      if (parts[depth] === 'tree' && parts[depth + 1] !== undefined && isOldPackageOutput(this.root, dir, parts[depth + 1]!)) return true;
    }
    return false;
  }
}

function parentOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

/** An output folder of a cronpack from before markers: the staging tree of `pkg` beside its .deb. */
function isOldPackageOutput(root: string, outDir: string, pkg: string): boolean {
  if (!existsSync(join(root, outDir, 'tree', pkg, 'DEBIAN', 'control'))) return false;
  try {
    return readdirSync(join(root, outDir)).some((name) => /^[^_/]+_[^_/]+_[a-z0-9-]+\.deb$/.test(name) && name.startsWith(`${pkg}_`));
  } catch {
    return false;
  }
}
