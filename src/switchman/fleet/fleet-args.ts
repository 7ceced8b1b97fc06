// The command lines of switchman's fleet commands (heartbeat, check, metrics, drain, undrain,
// pause, resume, gc), parsed with node's util.parseArgs: a usage error is a message, never a throw.
import { parseArgs as parseNodeArgs } from 'node:util';
import { DEFAULT_CONFIG_PATH } from '../config.js';

export const FLEET_COMMANDS = ['heartbeat', 'check', 'metrics', 'drain', 'undrain', 'pause', 'resume', 'gc'] as const;
export type FleetCommand = (typeof FLEET_COMMANDS)[number];

export function isFleetCommand(word: string | undefined): word is FleetCommand {
  return (FLEET_COMMANDS as readonly string[]).includes(word ?? '');
}

export interface FleetOptions {
  kind: 'fleet';
  command: FleetCommand;
  configPath: string;
  /** drain/undrain: the host (default this one); pause/resume: the group or job. */
  target: string | undefined;
  /** pause/resume: what the target is; undefined: a group if the groups document has it, else a job. */
  targetKind: 'group' | 'job' | undefined;
  reason: string;
  wait: boolean;
  json: boolean;
  quiet: boolean;
  dryRun: boolean;
  force: boolean;
  /** "Now" for check and metrics, ms since the epoch (tests, and "what would it say at 03:00"). */
  nowMs: number | undefined;
  /** The whole command's time limit, ms. */
  timeoutMs: number;
  textfile: string | undefined;
  timeZone: string | undefined;
  /** check's thresholds, in ms or counts; undefined: the default. */
  thresholds: {
    heartbeatStaleMs?: number;
    missedGraceMs?: number;
    longRunMinMs?: number;
    longRunFactor?: number;
    failuresCritical?: number;
  };
  gc: { hostMaxAgeMs?: number; jobMaxAgeMs?: number };
}

/** The options each command takes, beyond -c/--config. */
const ACCEPTS: Record<FleetCommand, readonly string[]> = {
  heartbeat: ['quiet'],
  check: ['json', 'now', 'timeout', 'time-zone', 'stale', 'grace', 'long-run', 'long-run-factor', 'failures'],
  metrics: ['textfile', 'now', 'timeout', 'time-zone', 'stale', 'grace', 'long-run', 'long-run-factor', 'failures'],
  drain: ['reason', 'wait', 'timeout'],
  undrain: [],
  pause: ['reason', 'group', 'job'],
  resume: ['group', 'job'],
  gc: ['dry-run', 'force', 'host-age', 'job-age', 'timeout', 'now'],
};

/** The one-line synopsis of each command, for --help. */
export const FLEET_USAGE: Record<FleetCommand, string> = {
  heartbeat: 'switchman heartbeat [-c FILE] [--quiet]',
  check: 'switchman check [-c FILE] [--json] [--now TIME] [--timeout S] [--stale S] [--grace S] [--long-run S] [--long-run-factor N] [--failures N] [--time-zone ZONE]',
  metrics: 'switchman metrics [-c FILE] [--textfile FILE] [--now TIME] [--timeout S]',
  drain: 'switchman drain [HOST] [-c FILE] [--reason TEXT] [--wait] [--timeout S]',
  undrain: 'switchman undrain [HOST] [-c FILE]',
  pause: 'switchman pause GROUP|JOB [-c FILE] [--group | --job] [--reason TEXT]',
  resume: 'switchman resume GROUP|JOB [-c FILE] [--group | --job]',
  gc: 'switchman gc [-c FILE] [--dry-run] [--host-age S] [--job-age S] [--force] [--now TIME]',
};

const DEFAULT_TIMEOUT_MS = 10_000;

function positiveSeconds(value: string | undefined, name: string): number | string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : `--${name} needs a number of seconds more than 0, got ${JSON.stringify(value)}`;
}

function positiveNumber(value: string | undefined, name: string, integer: boolean): number | string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) && n > 0 && (!integer || Number.isInteger(n)) ? n : `--${name} needs ${integer ? 'a whole number' : 'a number'} more than 0, got ${JSON.stringify(value)}`;
}

export function parseFleetArgs(command: FleetCommand, argv: readonly string[]): FleetOptions | { kind: 'error'; message: string } {
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        quiet: { type: 'boolean', short: 'q' },
        json: { type: 'boolean' },
        now: { type: 'string' },
        timeout: { type: 'string' },
        'time-zone': { type: 'string' },
        stale: { type: 'string' },
        grace: { type: 'string' },
        'long-run': { type: 'string' },
        'long-run-factor': { type: 'string' },
        failures: { type: 'string' },
        textfile: { type: 'string' },
        reason: { type: 'string' },
        wait: { type: 'boolean' },
        group: { type: 'boolean' },
        job: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        'host-age': { type: 'string' },
        'job-age': { type: 'string' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: `${command}: ${(error as Error).message}` };
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  for (const name of Object.keys(values)) {
    if (name !== 'config' && !ACCEPTS[command].includes(name)) return { kind: 'error', message: `${command} takes no --${name} (${FLEET_USAGE[command]})` };
  }
  const str = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const flag = (name: string): boolean => values[name] === true;

  const positionals = parsed.positionals;
  const wantsTarget = command === 'drain' || command === 'undrain' || command === 'pause' || command === 'resume';
  const maxPositionals = wantsTarget ? 1 : 0;
  if (positionals.length > maxPositionals) return { kind: 'error', message: `${command}: unexpected argument ${JSON.stringify(positionals[maxPositionals])} (${FLEET_USAGE[command]})` };
  if ((command === 'pause' || command === 'resume') && positionals.length === 0) return { kind: 'error', message: `${command} needs a group or job name (${FLEET_USAGE[command]})` };
  if (flag('group') && flag('job')) return { kind: 'error', message: `${command}: --group and --job exclude each other` };
  const target = positionals[0];
  if (target !== undefined && (target === '' || /[\u0000-\u001f\u007f]/.test(target))) return { kind: 'error', message: `${command}: invalid name ${JSON.stringify(target)}` };
  const reason = str('reason') ?? '';
  if (/[\u0000-\u001f\u007f]/.test(reason) || reason.length > 500) return { kind: 'error', message: `${command}: --reason must be one line of at most 500 characters` };

  let nowMs: number | undefined;
  const now = str('now');
  if (now !== undefined) {
    nowMs = /^\d+(\.\d+)?$/.test(now) ? Number(now) * 1000 : Date.parse(now);
    if (!Number.isFinite(nowMs)) return { kind: 'error', message: `--now needs a date (ISO 8601, e.g. 2026-03-29T03:00:00Z) or seconds since the epoch, got ${JSON.stringify(now)}` };
  }
  const numbers = {
    timeout: positiveSeconds(str('timeout'), 'timeout'),
    stale: positiveSeconds(str('stale'), 'stale'),
    grace: positiveSeconds(str('grace'), 'grace'),
    longRun: positiveSeconds(str('long-run'), 'long-run'),
    longRunFactor: positiveNumber(str('long-run-factor'), 'long-run-factor', false),
    failures: positiveNumber(str('failures'), 'failures', true),
    hostAge: positiveSeconds(str('host-age'), 'host-age'),
    jobAge: positiveSeconds(str('job-age'), 'job-age'),
  };
  for (const value of Object.values(numbers)) if (typeof value === 'string') return { kind: 'error', message: value };
  const n = numbers as Record<keyof typeof numbers, number | undefined>;
  const timeZone = str('time-zone');
  if (timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      return { kind: 'error', message: `--time-zone: unknown time zone ${JSON.stringify(timeZone)}` };
    }
  }
  const thresholds: FleetOptions['thresholds'] = {};
  if (n.stale !== undefined) thresholds.heartbeatStaleMs = n.stale;
  if (n.grace !== undefined) thresholds.missedGraceMs = n.grace;
  if (n.longRun !== undefined) thresholds.longRunMinMs = n.longRun;
  if (n.longRunFactor !== undefined) thresholds.longRunFactor = n.longRunFactor;
  if (n.failures !== undefined) thresholds.failuresCritical = n.failures;
  const gc: FleetOptions['gc'] = {};
  if (n.hostAge !== undefined) gc.hostMaxAgeMs = n.hostAge;
  if (n.jobAge !== undefined) gc.jobMaxAgeMs = n.jobAge;
  return {
    kind: 'fleet',
    command,
    configPath: str('config') ?? DEFAULT_CONFIG_PATH,
    target,
    targetKind: flag('group') ? 'group' : flag('job') ? 'job' : undefined,
    reason,
    wait: flag('wait'),
    json: flag('json'),
    quiet: flag('quiet'),
    dryRun: flag('dry-run'),
    force: flag('force'),
    nowMs,
    timeoutMs: n.timeout ?? (command === 'drain' && flag('wait') ? 3600_000 : DEFAULT_TIMEOUT_MS),
    textfile: str('textfile'),
    timeZone,
    thresholds,
    gc,
  };
}
