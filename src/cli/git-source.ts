import { execFileSync } from 'node:child_process';

/** "git <short commit>" of the repository at root, for generated headers; undefined outside git. */
export function gitSource(root: string): string | undefined {
  try {
    const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // Only a commit id reaches a header: anything else git printed is not trusted into a generated file.
    return /^[0-9a-f]{7,64}$/.test(commit) ? `git ${commit}` : undefined;
  } catch {
    return undefined;
  }
}
