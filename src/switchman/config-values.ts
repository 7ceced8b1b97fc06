// The checks and bounds of single config values (durations, paths, host names, ZooKeeper
// connect strings and paths). Each pushes its complaint onto `errors` and returns a usable
// value or undefined; validateConfig (config.ts) puts them together.
import { refusedCharacter } from './lock.js';
import { preview } from './printable.js';

/** An hour: longer waits are mistakes, and node's timers overflow past 2^31 ms (about 24.8 days) anyway. */
export const MAX_SECONDS = 3600;

/** 24 days: the longest wait node's timers can hold (2^31 ms is 24.8 days). */
export const MAX_TIMER_SECONDS = 24 * 86400;

export function seconds(raw: Record<string, unknown>, key: string, fallback: number, allowZero: boolean, errors: string[], max = MAX_SECONDS): number {
  const value = raw[key];
  if (value === undefined) return fallback * 1000;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0) || value > max) {
    errors.push(`"${key}" must be a number of seconds from ${allowZero ? '0' : 'more than 0'} to ${max}, got ${preview(value)}`);
    return fallback * 1000;
  }
  // "More than 0" stays more than 0: 0.0001 s would round to 0 ms, which means "no wait at all".
  return allowZero ? Math.round(value * 1000) : Math.max(1, Math.round(value * 1000));
}

/**
 * Why a ZooKeeper connect string is unusable, or undefined: comma-separated
 * host:port pairs, ports 1-65535, an optional /chroot after the last one.
 * ZooKeeper's own parser would throw on anything else, mid-run.
 */
export function zkhostsProblem(connect: string): string | undefined {
  const slash = connect.indexOf('/');
  const hosts = slash >= 0 ? connect.slice(0, slash) : connect;
  if (slash >= 0) {
    const chroot = connect.slice(slash);
    if (normalizeZkPath(chroot) === undefined) return `the chroot ${preview(chroot)} is not a ZooKeeper path`;
    const refused = refusedCharacter(chroot);
    if (refused !== undefined) return `ZooKeeper refuses the character ${refused} in the chroot ${preview(chroot)}`;
  }
  for (const entry of hosts.split(',')) {
    // No controls in a host name: node would look them up in DNS until connect_timeout.
    const match = /^([^\s\u0000-\u001f\u007f-\u009f:;,/[\]]+|\[[0-9a-fA-F:.]+\]):(\d{1,5})$/.exec(entry);
    if (!match) return `${preview(entry)} is not host:port (separate servers with ",")`;
    const port = Number(match[2]);
    if (port < 1 || port > 65535) return `port ${match[2]} of ${preview(entry)} is not from 1 to 65535`;
  }
  return undefined;
}

/** PATH_MAX less the final NUL: a longer name cannot be opened, and the log would go elsewhere unasked. */
export const MAX_PATH_BYTES = 4095;

export function logfilePath(raw: Record<string, unknown>, errors: string[]): string | undefined {
  const value = raw['logfile'];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '' || /[\u0000-\u001f\u007f]/.test(value) || Buffer.byteLength(value) > MAX_PATH_BYTES) {
    errors.push(`"logfile" must be a file name of 1 to ${MAX_PATH_BYTES} bytes without control characters, got ${preview(value)}`);
    return undefined;
  }
  return value;
}

/** An optional absolute path (or one of `words`): a relative one would depend on cron's working directory. */
export function absolutePath(raw: Record<string, unknown>, key: string, errors: string[], words: readonly string[] = []): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && words.includes(value)) return value;
  if (typeof value !== 'string' || !value.startsWith('/') || /[\u0000-\u001f\u007f]/.test(value) || Buffer.byteLength(value) > MAX_PATH_BYTES) {
    const also = words.length > 0 ? ` or ${words.map((w) => `"${w}"`).join(', ')}` : '';
    errors.push(`"${key}" must be an absolute path of at most ${MAX_PATH_BYTES} bytes without control characters${also}, got ${preview(value)}`);
    return undefined;
  }
  return value;
}

/** The longest DNS name: no FQDN a group can list is longer. */
export const MAX_HOSTNAME_LENGTH = 253;

export function hostnameOverride(raw: Record<string, unknown>, errors: string[]): string | undefined {
  const value = raw['hostname'];
  if (value === undefined || value === null) return undefined;
  // A name with a space or a control character matches no group entry: the box would never run anything, silently.
  if (typeof value !== 'string' || !/^[^\s\u0000-\u001f\u007f-\u009f]+$/u.test(value) || value.length > MAX_HOSTNAME_LENGTH) {
    errors.push(`"hostname" must be a host name of 1 to ${MAX_HOSTNAME_LENGTH} characters without spaces or control characters, got ${preview(value)}`);
    return undefined;
  }
  return value;
}

/** Checks that a ZooKeeper path is absolute and well formed; returns it without a trailing slash. */
export function normalizeZkPath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (trimmed === '/') return undefined;
  const parts = trimmed.slice(1).split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  return trimmed;
}
