// The documents switchman keeps in ZooKeeper under `<prefix>/fleet` (layout.ts), as JSON.
// Pure: the types, their parsers (a node may hold anything: another version wrote it, or a
// person did) and the merge of a finished run into a job's record.

/** How a run ended. "stopped": switchman stopped the job (see cause); a job's own failure is "failed". */
export type RunResult = 'ok' | 'failed' | 'stopped';

/** Why switchman stopped a job. */
export type StopCause = 'lost-lock' | 'left-group' | 'session-lost' | 'drained' | 'paused' | 'signal';

export interface RunRecord {
  runId: string;
  host: string;
  pid: number;
  lock: string;
  group: string | null;
  /** ISO 8601, UTC, millisecond precision. */
  start: string;
  end: string;
  durationMs: number;
  /** switchman's exit code for the run (the job's own code when it ended by itself). */
  exitCode: number;
  result: RunResult;
  cause: StopCause | null;
  /** The job's status in words: "code:1", "signal:SIGKILL". */
  status: string;
  peakRssKb: number | null;
  switchmanVersion: string;
}

/** How many of the last durations a JobRuns keeps, for "usual run time". */
export const RECENT_DURATIONS = 10;

/** The record of one lock (or, for --no-lock runs, of one lock on one host). */
export interface JobRuns {
  schemaVersion: 1;
  lock: string;
  /** The run that ended last (by its end time). */
  last: RunRecord;
  lastSuccess: RunRecord | null;
  counts: Record<RunResult, number>;
  /** Failed runs since the last success, counted on the newest runs only. */
  consecutiveFailures: number;
  /** Durations of the last successful runs, newest last: the job's usual run time. */
  recentDurationsMs: number[];
}

/** Merges one finished run into a job's record. Two hosts that finish close together both count; the later end is `last`. */
export function mergeRun(previous: JobRuns | undefined, run: RunRecord): JobRuns {
  const counts = { ok: 0, failed: 0, stopped: 0, ...previous?.counts };
  counts[run.result] += 1;
  const isNewest = previous === undefined || run.end >= previous.last.end;
  let consecutiveFailures = previous?.consecutiveFailures ?? 0;
  if (isNewest && run.result === 'ok') consecutiveFailures = 0;
  if (isNewest && run.result === 'failed') consecutiveFailures += 1;
  const lastSuccess = run.result === 'ok' && (previous?.lastSuccess == null || run.end >= previous.lastSuccess.end) ? run : (previous?.lastSuccess ?? null);
  const recentDurationsMs = [...(previous?.recentDurationsMs ?? []), ...(run.result === 'ok' ? [run.durationMs] : [])].slice(-RECENT_DURATIONS);
  return {
    schemaVersion: 1,
    lock: run.lock,
    last: isNewest ? run : (previous as JobRuns).last,
    lastSuccess,
    counts,
    consecutiveFailures,
    recentDurationsMs,
  };
}

/** A package whose manifest is installed on a host, as its heartbeat lists it. */
export interface InstalledPackage {
  package: string;
  /** The Debian version from the manifest; "" when the manifest has none (a build, not a package). */
  version: string;
  group: string;
}

/** What `switchman heartbeat` writes for its host every minute. */
export interface HostBeat {
  schemaVersion: 1;
  host: string;
  /** The host's clock when it wrote this, ISO 8601 UTC. Staleness uses the node's mtime (the server's clock). */
  time: string;
  switchmanVersion: string;
  /** The IANA zone cron runs in on this host: schedules are read in it. */
  timeZone: string;
  /** The groups of the ZooKeeper config this host belongs to. */
  groups: string[];
  packages: InstalledPackage[];
}

/** Who asked for a drain or a pause, when and why. */
export interface Marker {
  by: string;
  /** ISO 8601 UTC. */
  at: string;
  reason: string;
}

export interface HostDrain extends Marker {
  /** true: running jobs finish, only new runs are held back (`drain --wait`). */
  letRunningFinish: boolean;
}

/** The control document: one node, read by every run. */
export interface Control {
  schemaVersion: 1;
  drained: Record<string, HostDrain>;
  pausedGroups: Record<string, Marker>;
  pausedJobs: Record<string, Marker>;
}

export function emptyControl(): Control {
  return { schemaVersion: 1, drained: {}, pausedGroups: {}, pausedJobs: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function markers<T extends Marker>(value: unknown, extra: (raw: Record<string, unknown>) => Omit<T, keyof Marker>): Record<string, T> {
  const out: Record<string, T> = {};
  if (!isRecord(value)) return out;
  for (const [name, raw] of Object.entries(value)) {
    if (!isRecord(raw)) continue;
    out[name] = {
      by: typeof raw['by'] === 'string' ? raw['by'] : '?',
      at: typeof raw['at'] === 'string' ? raw['at'] : '',
      reason: typeof raw['reason'] === 'string' ? raw['reason'] : '',
      ...extra(raw),
    } as T;
  }
  return out;
}

/** The control document in a node's data; an empty one for no node, or data that is not one (logged by callers). */
export function parseControl(text: string | undefined): Control {
  const raw = text === undefined ? undefined : parseJson(text);
  if (!isRecord(raw)) return emptyControl();
  return {
    schemaVersion: 1,
    drained: markers<HostDrain>(raw['drained'], (m) => ({ letRunningFinish: m['letRunningFinish'] === true })),
    pausedGroups: markers<Marker>(raw['pausedGroups'], () => ({})),
    pausedJobs: markers<Marker>(raw['pausedJobs'], () => ({})),
  };
}

/** Whether a run of `lock` in `group` may start on `host` now, and if not, why. */
export function heldBack(control: Control, host: string, group: string | undefined, lock: string | undefined): { cause: 'drained' | 'paused'; marker: Marker; what: string } | undefined {
  const drain = control.drained[host];
  if (drain !== undefined) return { cause: 'drained', marker: drain, what: `host ${host}` };
  if (group !== undefined && control.pausedGroups[group] !== undefined) return { cause: 'paused', marker: control.pausedGroups[group], what: `group ${group}` };
  if (lock !== undefined && control.pausedJobs[lock] !== undefined) return { cause: 'paused', marker: control.pausedJobs[lock], what: `job ${lock}` };
  return undefined;
}

/** Whether a running job must stop: like heldBack, but a `drain --wait` lets it finish. */
export function mustStop(control: Control, host: string, group: string | undefined, lock: string | undefined): ReturnType<typeof heldBack> {
  const verdict = heldBack(control, host, group, lock);
  if (verdict?.cause === 'drained' && control.drained[host]?.letRunningFinish === true) {
    // The host's own drain waits; a pause of the group or job still stops it.
    const rest = heldBack({ ...control, drained: {} }, host, group, lock);
    return rest;
  }
  return verdict;
}

const RESULTS: readonly RunResult[] = ['ok', 'failed', 'stopped'];

function parseRunRecord(raw: unknown): RunRecord | undefined {
  if (!isRecord(raw)) return undefined;
  const str = (key: string): string | undefined => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const num = (key: string): number | undefined => (typeof raw[key] === 'number' && Number.isFinite(raw[key]) ? (raw[key] as number) : undefined);
  const result = str('result');
  const start = str('start');
  const end = str('end');
  if (result === undefined || !RESULTS.includes(result as RunResult) || start === undefined || end === undefined) return undefined;
  return {
    runId: str('runId') ?? '',
    host: str('host') ?? '',
    pid: num('pid') ?? 0,
    lock: str('lock') ?? '',
    group: str('group') ?? null,
    start,
    end,
    durationMs: num('durationMs') ?? 0,
    exitCode: num('exitCode') ?? 0,
    result: result as RunResult,
    cause: (str('cause') as StopCause | undefined) ?? null,
    status: str('status') ?? '',
    peakRssKb: num('peakRssKb') ?? null,
    switchmanVersion: str('switchmanVersion') ?? '',
  };
}

/** A JobRuns in a node's data, or undefined when the data is not one. */
export function parseJobRuns(text: string): JobRuns | undefined {
  const raw = parseJson(text);
  if (!isRecord(raw)) return undefined;
  const last = parseRunRecord(raw['last']);
  if (last === undefined) return undefined;
  const counts = isRecord(raw['counts']) ? raw['counts'] : {};
  const count = (key: RunResult): number => (typeof counts[key] === 'number' && Number.isInteger(counts[key]) ? (counts[key] as number) : 0);
  const durations = Array.isArray(raw['recentDurationsMs']) ? raw['recentDurationsMs'].filter((d): d is number => typeof d === 'number' && Number.isFinite(d)) : [];
  return {
    schemaVersion: 1,
    lock: typeof raw['lock'] === 'string' ? raw['lock'] : last.lock,
    last,
    lastSuccess: parseRunRecord(raw['lastSuccess']) ?? null,
    counts: { ok: count('ok'), failed: count('failed'), stopped: count('stopped') },
    consecutiveFailures: typeof raw['consecutiveFailures'] === 'number' ? raw['consecutiveFailures'] : 0,
    recentDurationsMs: durations.slice(-RECENT_DURATIONS),
  };
}

/** A HostBeat in a node's data, or undefined when the data is not one. */
export function parseHostBeat(text: string): HostBeat | undefined {
  const raw = parseJson(text);
  if (!isRecord(raw) || typeof raw['host'] !== 'string' || typeof raw['time'] !== 'string') return undefined;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const packages: InstalledPackage[] = [];
  if (Array.isArray(raw['packages'])) {
    for (const p of raw['packages']) {
      if (isRecord(p) && typeof p['package'] === 'string') {
        packages.push({ package: p['package'], version: typeof p['version'] === 'string' ? p['version'] : '', group: typeof p['group'] === 'string' ? p['group'] : '' });
      }
    }
  }
  return {
    schemaVersion: 1,
    host: raw['host'],
    time: raw['time'],
    switchmanVersion: typeof raw['switchmanVersion'] === 'string' ? raw['switchmanVersion'] : '',
    timeZone: typeof raw['timeZone'] === 'string' ? raw['timeZone'] : 'UTC',
    groups: strings(raw['groups']),
    packages,
  };
}
