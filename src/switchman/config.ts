// The config file (JSON), compatible with App::Switchman's, plus a few optional keys of ours.
// validateConfig is pure and returns every problem at once; loadConfig adds the file reading.
// The checks of single values are in config-values.ts.
import { readFileSync, statSync } from 'node:fs';
import { DEFAULT_MANIFEST_DIR } from '../contract/jobs-manifest.js';
import { DEFAULT_SWITCHMAN_CONFIG } from '../contract/switchman-command.js';
import { MAX_TIMER_SECONDS, absolutePath, hostnameOverride, logfilePath, normalizeZkPath, seconds, zkhostsProblem } from './config-values.js';
import { refusedCharacter } from './lock.js';
import { isLogLevel } from './log.js';
import type { LogLevel } from './log.js';
import { preview, printable } from './printable.js';

// Moved out, still importable from here.
export { MAX_HOSTNAME_LENGTH, MAX_PATH_BYTES, MAX_SECONDS, normalizeZkPath, zkhostsProblem } from './config-values.js';
export { preview, printable } from './printable.js';

export const DEFAULT_CONFIG_PATH = DEFAULT_SWITCHMAN_CONFIG;
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
  /** Where run cgroups are made: a cgroup v2 directory, 'off', or undefined for `<cgroup2 mount>/switchman`. */
  cgroupParent: string | undefined;
  /** The syslog socket for log lines when there is no logfile; undefined: logger's default, /dev/log. */
  syslogSocket: string | undefined;
  /** Where the cron packages' jobs manifests are (heartbeat, check). */
  manifestDir: string;
  /** How long a run with --lease may wait for its resources (queues and semaphores) in all; 0: no bound. */
  resourcesWaitTimeoutMs: number;
}

export interface ConfigResult {
  config: SwitchmanConfig | undefined;
  /**
   * The file says "configured": false (as the package's example does): the
   * box is not set up yet. Runs exit 0 and log one line to `logfile`, so a
   * fresh install is no storm of failures and cron mails.
   */
  unconfigured?: { logfile: string; syslogSocket?: string | undefined };
  errors: string[];
  /** Keys we do not know: reported, not fatal (a fleet may share one file with the Perl switchman). */
  unknownKeys: string[];
}

/** Every key we read: the rest are reported and ignored. */
export const KNOWN_KEYS: ReadonlySet<string> = new Set([
  'zkhosts',
  'prefix',
  'logfile',
  'cgroup_parent',
  'syslog_socket',
  'manifest_dir',
  'loglevel',
  'termination_timeout',
  'session_timeout',
  'connect_timeout',
  'hostname',
  'configured',
  'resources_wait_timeout',
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

export function validateConfig(raw: unknown): ConfigResult {
  const errors: string[] = [];
  if (!isRecord(raw)) {
    return { config: undefined, errors: ['the config must be a JSON object'], unknownKeys: [] };
  }
  const unknownKeys = Object.keys(raw).filter((k) => !KNOWN_KEYS.has(k)).sort();
  const configured = raw['configured'];
  if (configured !== undefined && typeof configured !== 'boolean') {
    return { config: undefined, errors: [`"configured" must be true or false, got ${preview(configured)}`], unknownKeys };
  }
  if (configured === false) {
    const logfile = logfilePath(raw, errors);
    // A bad logfile is an error even here: the "not configured" line would go where nobody looks.
    if (errors.length > 0) return { config: undefined, errors, unknownKeys };
    const syslogSocket = absolutePath(raw, 'syslog_socket', errors);
    if (errors.length > 0) return { config: undefined, errors, unknownKeys };
    return { config: undefined, errors, unknownKeys, unconfigured: { logfile: logfile ?? DEFAULT_LOG_PATH, ...(syslogSocket === undefined ? {} : { syslogSocket }) } };
  }

  let zkhosts = '';
  const zk = raw['zkhosts'];
  if (typeof zk === 'string' && zk.trim() !== '') zkhosts = zk.trim();
  else if (Array.isArray(zk) && zk.length > 0 && zk.every((h) => typeof h === 'string' && h !== '')) zkhosts = zk.join(',');
  else if (zk === undefined) errors.push('"zkhosts" is required: a connect string like "zk1:2181,zk2:2181"');
  else errors.push(`"zkhosts" must be a connect string like "zk1:2181,zk2:2181" or a list of host:port, got ${preview(zk)}`);
  const zkProblem = zkhosts === '' ? undefined : zkhostsProblem(zkhosts);
  if (zkProblem !== undefined) {
    errors.push(`"zkhosts" must be "host:port,host:port[/chroot]": ${zkProblem}`);
    zkhosts = '';
  }

  let prefix = '';
  const rawPrefix = raw['prefix'];
  if (rawPrefix === undefined) {
    errors.push('"prefix" is required: a ZooKeeper path like "/switchman/myproject"');
  } else {
    const normalized = typeof rawPrefix === 'string' ? normalizeZkPath(rawPrefix) : undefined;
    const refused = typeof rawPrefix === 'string' ? refusedCharacter(rawPrefix) : undefined;
    if (normalized === undefined) errors.push(`"prefix" must be an absolute ZooKeeper path other than "/", got ${preview(rawPrefix)}`);
    else if (refused !== undefined) errors.push(`"prefix" must be a path ZooKeeper accepts: it refuses the character ${refused} in ${preview(rawPrefix)}`);
    else prefix = normalized;
  }

  let loglevel: LogLevel = 'info';
  const rawLevel = raw['loglevel'];
  if (rawLevel !== undefined) {
    const lower = typeof rawLevel === 'string' ? rawLevel.toLowerCase() : '';
    // Own keys only: "constructor" or "__proto__" would find Object's.
    const level = Object.hasOwn(LEVEL_ALIASES, lower) ? (LEVEL_ALIASES[lower] as LogLevel) : lower;
    if (isLogLevel(level)) loglevel = level;
    else errors.push(`"loglevel" must be one of debug, info, warning, error, critical; got ${preview(rawLevel)}`);
  }

  const logfile = logfilePath(raw, errors);
  const hostname = hostnameOverride(raw, errors);
  const terminationTimeoutMs = seconds(raw, 'termination_timeout', 10, true, errors);
  const sessionTimeoutMs = seconds(raw, 'session_timeout', 10, false, errors);
  const connectTimeoutMs = seconds(raw, 'connect_timeout', 10, false, errors);
  const cgroupParent = absolutePath(raw, 'cgroup_parent', errors, ['off']);
  const syslogSocket = absolutePath(raw, 'syslog_socket', errors);
  const manifestDir = absolutePath(raw, 'manifest_dir', errors) ?? DEFAULT_MANIFEST_DIR;
  // App::Switchman's key: whole seconds there, any length; ours takes fractions too, up to what a timer holds.
  const resourcesWaitTimeoutMs = seconds(raw, 'resources_wait_timeout', 0, true, errors, MAX_TIMER_SECONDS);

  if (errors.length > 0) return { config: undefined, errors, unknownKeys };
  return {
    config: { zkhosts, prefix, logfile, loglevel, terminationTimeoutMs, sessionTimeoutMs, connectTimeoutMs, hostname, cgroupParent, syslogSocket, manifestDir, resourcesWaitTimeoutMs },
    errors,
    unknownKeys,
  };
}

/**
 * The known keys given more than once at the top of a JSON object text. JSON.parse keeps the last
 * silently (so does Perl's JSON): a config that says two things is refused instead. One pass, no
 * recursion; the text has already parsed.
 */
export function duplicatedKeys(text: string, keys: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  if (text.trimStart()[0] !== '{') return [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      let next = end + 1;
      while (next < text.length && ' \t\n\r'.includes(text[next] as string)) next++;
      // A string directly inside the top object and followed by ":" is one of its keys.
      if (depth === 1 && text[next] === ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) {
          if (seen.has(key)) duplicated.add(key);
          seen.add(key);
        }
      }
      i = end;
    }
  }
  return [...duplicated];
}

export function parseConfigText(text: string, source: string): ConfigResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text around the error: it may hold control characters.
    return { config: undefined, errors: [`${source}: not valid JSON: ${printable((error as Error).message, 200)}`], unknownKeys: [] };
  }
  const duplicated = isRecord(raw) ? duplicatedKeys(text, KNOWN_KEYS) : [];
  if (duplicated.length > 0) {
    return { config: undefined, errors: duplicated.map((k) => `${source}: "${k}" is given more than once: give each key once`), unknownKeys: [] };
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
