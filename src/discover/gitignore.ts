import { readFile } from 'node:fs/promises';
import { posix, join } from 'node:path';
import type { Ignore } from 'ignore';

/**
 * The .gitignore files of a tree, each applying to its own folder, as git reads
 * them (fast-glob does not). `isIgnored` takes repo-relative, forward-slash paths.
 */
export class GitignoreSet {
  private constructor(private readonly byDir: ReadonlyMap<string, Ignore>) {}

  /** A .gitignore that cannot be read is left out and handed to `onUnreadable` (gone since it was found: left out quietly). */
  static async load(root: string, gitignorePaths: readonly string[], onUnreadable: (path: string, error: unknown) => void = () => {}): Promise<GitignoreSet> {
    const byDir = new Map<string, Ignore>();
    if (gitignorePaths.length === 0) return new GitignoreSet(byDir);
    // Loaded only for a tree that has a .gitignore.
    const { default: ignore } = await import('ignore');
    for (const path of gitignorePaths) {
      let text: string;
      try {
        text = await readFile(join(root, path), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onUnreadable(path, error);
        continue;
      }
      const dir = posix.dirname(path);
      byDir.set(dir === '.' ? '' : dir, ignore().add(text));
    }
    return new GitignoreSet(byDir);
  }

  isIgnored(path: string): boolean {
    if (this.byDir.size === 0) return false;
    const parts = path.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const rules = this.byDir.get(parts.slice(0, depth).join('/'));
      if (!rules) continue;
      const rest = parts.slice(depth);
      // A file is ignored when it or any folder above it (below this .gitignore) is.
      for (let k = 1; k <= rest.length; k++) {
        const candidate = rest.slice(0, k).join('/') + (k < rest.length ? '/' : '');
        if (rules.ignores(candidate)) return true;
      }
    }
    return false;
  }
}
