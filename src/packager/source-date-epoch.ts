import { execFileSync } from 'node:child_process';
import { CronpackError } from '../core/errors.js';

/** Used when there is neither SOURCE_DATE_EPOCH nor a git commit: 2024-01-01T00:00:00Z. */
export const fallbackSourceDateEpoch = 1704067200;

/**
 * The timestamp of every file in the packages and of the changelog entry:
 * SOURCE_DATE_EPOCH when set (https://reproducible-builds.org/specs/source-date-epoch/),
 * else the commit time of the repository's HEAD, else a fixed date.
 */
export function resolveSourceDateEpoch(root: string, env: Readonly<Record<string, string | undefined>>): { epoch: number; from: 'SOURCE_DATE_EPOCH' | 'git' | 'fixed' } {
  const given = env['SOURCE_DATE_EPOCH'];
  if (given !== undefined && given !== '') {
    if (!/^\d+$/.test(given) || !Number.isSafeInteger(Number(given))) {
      throw new CronpackError(`SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01, found "${given}"`);
    }
    return { epoch: Number(given), from: 'SOURCE_DATE_EPOCH' };
  }
  try {
    const out = execFileSync('git', ['-C', root, 'log', '-1', '--format=%ct'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (/^\d+$/.test(out)) return { epoch: Number(out), from: 'git' };
  } catch {
    // not a git repository, or no git: the fixed date
  }
  return { epoch: fallbackSourceDateEpoch, from: 'fixed' };
}
