// The config file (JSON), compatible with App::Switchman's, plus a few optional keys of ours.
// validateConfig is pure and returns every problem at once; loadConfig adds the file reading.
import { readFileSync, statSync } from 'node:fs';
import { isLogLevel } from './log.js';
import type { LogLevel } from './log.js';

export const DEFAULT_CONFIG_PATH = '/etc/switchman.conf';
/** Where the switchman package logs (root:adm 0662, so jobs of any user append): also where an unconfigured run says so. */
export const DEFAULT_LOG_PATH = '/var/log/switchman.log';

export interface SwitchmanConfig {
  /** ZooKeeper connect string: `host:port,host:port[/chroot]`. */
  zkhosts: string;
  /** ZooKeeper node holding `{"groups": {...}}`; locks live under `<prefix>/locks`. */
  prefix: string;
  logfile: string | undefined;
  loglevel: LogLevel;
  /** Seconds between SIGTERM and SIGKILL when the job is stopped; 0 kills at once. */
  terminationTimeoutMs: number;
  /** Session timeout asked of ZooKeeper (the server may negotiate it within its own bounds). */
  sessionTimeoutMs: number;
  /** How long to wait for the first ZooKeeper connection before giving up. */
  connectTimeoutMs: number;
  /** Overrides the FQDN used to match group entries. */
  hostname: string | undefined;
}

export interface ConfigResult {
  config: SwitchmanConfig | undefined;
  /**
   * The file says "configured": false (as the package's example does): the
   * box is not set up yet. Runs exit 0 and log one line to `logfile`, so a
   * fresh install is no storm of failures and cron mails.
   */
  unconfigured?: { logfile: string };
  errors: string[];
  /** Keys we do not know: reported, not fatal (a fleet may share one file with the Perl switchman). */
  unknownKeys: string[];
}

const KNOWN_KEYS = new Set([
  'zkhosts',
  'prefix',
  'logfile',
  'loglevel',
  'termination_timeout',
  'session_timeout',
  'connect_timeout',
  'hostname',
  'configured',
]);

const LEVEL_ALIASES: Record<string, LogLevel> = {
  warn: 'warning',
  notice: 'info',
  err: 'error',
  alert: 'critical',
  emergency: 'critical',
  crit: 'critical',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An hour: longer waits are mistakes, and node's timers overflow past 2^31 ms (about 24.8 days) anyway. */
export const MAX_SECONDS = 3600;

function seconds(raw: Record<string, unknown>, key: string, fallback: number, allowZero: boolean, errors: string[]): number {
  const value = raw[key];
  if (value === undefined) return fallback * 1000;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0) || value > MAX_SECONDS) {
    errors.push(`"${key}" must be a number of seconds from ${allowZero ? '0' : 'more than 0'} to ${MAX_SECONDS}, got ${JSON.stringify(value)}`);
    return fallback * 1000;
  }
  return Math.round(value * 1000);
}

/**
 * Why a ZooKeeper connect string is unusable, or undefined: comma-separated
 * host:port pairs, ports 1-65535, an optional /chroot after the last one.
 * ZooKeeper's own parser would throw on anything else, mid-run.
 */
export function zkhostsProblem(connect: string): string | undefined {
  const slash = connect.indexOf('/');
  const hosts = slash >= 0 ? connect.slice(0, slash) : connect;
  if (slash >= 0 && normalizeZkPath(connect.slice(slash)) === undefined) return `the chroot "${connect.slice(slash)}" is not a ZooKeeper path`;
  for (const entry of hosts.split(',')) {
    const match = /^([^\s:;,/]+|\[[0-9a-fA-F:.]+\]):(\d{1,5})$/.exec(entry);
    if (!match) return `"${entry}" is not host:port (separate servers with ",")`;
    const port = Number(match[2]);
    if (port < 1 || port > 65535) return `port ${match[2]} of "${entry}" is not from 1 to 65535`;
  }
  return undefined;
}

function optionalString(raw: Record<string, unknown>, key: string, errors: string[]): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') {
    errors.push(`"${key}" must be a non-empty string`);
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

export function validateConfig(raw: unknown): ConfigResult {
  const errors: string[] = [];
  if (!isRecord(raw)) {
    return { config: undefined, errors: ['the config must be a JSON object'], unknownKeys: [] };
  }
  const unknownKeys = Object.keys(raw).filter((k) => !KNOWN_KEYS.has(k)).sort();
  const configured = raw['configured'];
  if (configured !== undefined && typeof configured !== 'boolean') {
    return { config: undefined, errors: [`"configured" must be true or false, got ${JSON.stringify(configured)}`], unknownKeys };
  }
  if (configured === false) {
    const logfile = optionalString(raw, 'logfile', errors) ?? DEFAULT_LOG_PATH;
    return { config: undefined, errors, unknownKeys, unconfigured: { logfile } };
  }

  let zkhosts = '';
  const zk = raw['zkhosts'];
  if (typeof zk === 'string' && zk.trim() !== '') zkhosts = zk.trim();
  else if (Array.isArray(zk) && zk.length > 0 && zk.every((h) => typeof h === 'string' && h !== '')) zkhosts = zk.join(',');
  else errors.push('"zkhosts" is required: a connect string like "zk1:2181,zk2:2181"');
  const zkProblem = zkhosts === '' ? undefined : zkhostsProblem(zkhosts);
  if (zkProblem !== undefined) {
    errors.push(`"zkhosts" must be "host:port,host:port[/chroot]": ${zkProblem}`);
    zkhosts = '';
  }

  let prefix = '';
  const rawPrefix = raw['prefix'];
  if (typeof rawPrefix !== 'string') {
    errors.push('"prefix" is required: a ZooKeeper path like "/switchman/myproject"');
  } else {
    const normalized = normalizeZkPath(rawPrefix);
    if (normalized === undefined) errors.push(`"prefix" must be an absolute ZooKeeper path other than "/", got ${JSON.stringify(rawPrefix)}`);
    else prefix = normalized;
  }

  let loglevel: LogLevel = 'info';
  const rawLevel = raw['loglevel'];
  if (rawLevel !== undefined) {
    const lower = typeof rawLevel === 'string' ? rawLevel.toLowerCase() : '';
    const level = LEVEL_ALIASES[lower] ?? lower;
    if (isLogLevel(level)) loglevel = level;
    else errors.push(`"loglevel" must be one of debug, info, warning, error, critical; got ${JSON.stringify(rawLevel)}`);
  }

  const logfile = optionalString(raw, 'logfile', errors);
  const hostname = optionalString(raw, 'hostname', errors);
  const terminationTimeoutMs = seconds(raw, 'termination_timeout', 10, true, errors);
  const sessionTimeoutMs = seconds(raw, 'session_timeout', 10, false, errors);
  const connectTimeoutMs = seconds(raw, 'connect_timeout', 10, false, errors);

  if (errors.length > 0) return { config: undefined, errors, unknownKeys };
  return {
    config: { zkhosts, prefix, logfile, loglevel, terminationTimeoutMs, sessionTimeoutMs, connectTimeoutMs, hostname },
    errors,
    unknownKeys,
  };
}

export function parseConfigText(text: string, source: string): ConfigResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { config: undefined, errors: [`${source}: not valid JSON: ${(error as Error).message}`], unknownKeys: [] };
  }
  const result = validateConfig(raw);
  return { ...result, errors: result.errors.map((e) => `${source}: ${e}`) };
}

/** A config is a few hundred bytes; a larger file is not one. */
export const MAX_CONFIG_BYTES = 1 << 20;

export function loadConfig(path: string): ConfigResult {
  let text: string;
  try {
    // A FIFO or /dev/zero would block or never end: only a regular file of sane size is read.
    const info = statSync(path);
    if (!info.isFile()) return { config: undefined, errors: [`cannot read config ${path}: not a regular file`], unknownKeys: [] };
    if (info.size > MAX_CONFIG_BYTES) return { config: undefined, errors: [`cannot read config ${path}: ${info.size} bytes, more than ${MAX_CONFIG_BYTES}`], unknownKeys: [] };
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { config: undefined, errors: [`cannot read config ${path}: ${code}`], unknownKeys: [] };
  }
  // Editors on some systems start UTF-8 files with a byte order mark; JSON.parse would refuse it.
  return parseConfigText(text.replace(/^\uFEFF/, ''), path);
}
