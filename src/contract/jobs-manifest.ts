// The jobs manifest: what cronpack writes for each cron package (render/jobs-manifest.ts), what
// each cron package installs in manifestDir, and what switchman reads on the box (heartbeat,
// check). The one definition both sides share.
import type { ScheduleModel } from '../schedule/model.js';

/** Where cron packages install their manifests, and where switchman looks for them by default. */
export const DEFAULT_MANIFEST_DIR = '/usr/share/cronpack/jobs';

export const MANIFEST_SCHEMA_VERSION = 2;

export interface ManifestJob {
  lockName: string;
  /** The schedule as written in the METADATA block, spaces collapsed. */
  schedule: string;
  /** The schedule in the cron.d line, when it differs from `schedule` (H resolved); absent otherwise. */
  cronSchedule?: string;
  /** The schedule as Debian's cron reads it (entry.c's bit strings and flags); null for @reboot. */
  cron: ScheduleModel | null;
  user: string;
  script: string;
  scriptPath: string;
  params: string;
}

export interface JobsManifest {
  schemaVersion: number;
  /** The cron.d file and Debian package name. */
  package: string;
  /** The Debian package version; null in `build` output, which is not a package yet. */
  version: string | null;
  group: string;
  jobs: ManifestJob[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const numbers = (value: unknown): number[] | undefined => (Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isInteger(v)) ? (value as number[]) : undefined);

function parseModel(value: unknown): ScheduleModel | null {
  if (!isRecord(value)) return null;
  const lists = (['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'] as const).map((key) => numbers(value[key]));
  if (lists.some((list) => list === undefined)) return null;
  const flag = (key: string): boolean => value[key] === true;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = lists as number[][];
  return {
    ...(typeof value['keyword'] === 'string' ? { keyword: value['keyword'] } : {}),
    reboot: flag('reboot'),
    minute: minute!,
    hour: hour!,
    dayOfMonth: dayOfMonth!,
    month: month!,
    dayOfWeek: dayOfWeek!,
    domStar: flag('domStar'),
    dowStar: flag('dowStar'),
    minuteStar: flag('minuteStar'),
    hourStar: flag('hourStar'),
  };
}

/**
 * A manifest from its JSON text, or a one-line reason it is not one. Version 1 manifests
 * (cronpack before fleet monitoring) have no `cron` and no `version`: their jobs come back
 * with `cron: null`, so a check can say it cannot judge their schedule.
 */
export function parseJobsManifest(text: string): { ok: true; manifest: JobsManifest } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  if (!isRecord(raw)) return { ok: false, error: 'not a JSON object' };
  if (typeof raw['package'] !== 'string' || typeof raw['group'] !== 'string' || !Array.isArray(raw['jobs'])) {
    return { ok: false, error: 'no "package", "group" or "jobs"' };
  }
  const jobs: ManifestJob[] = [];
  for (const job of raw['jobs']) {
    if (!isRecord(job) || typeof job['lockName'] !== 'string') return { ok: false, error: 'a job without "lockName"' };
    const text = (key: string): string => (typeof job[key] === 'string' ? (job[key] as string) : '');
    jobs.push({
      lockName: job['lockName'],
      schedule: text('schedule'),
      ...(typeof job['cronSchedule'] === 'string' ? { cronSchedule: job['cronSchedule'] } : {}),
      cron: parseModel(job['cron']),
      user: text('user'),
      script: text('script'),
      scriptPath: text('scriptPath'),
      params: text('params'),
    });
  }
  return {
    ok: true,
    manifest: {
      schemaVersion: typeof raw['schemaVersion'] === 'number' ? raw['schemaVersion'] : 1,
      package: raw['package'],
      version: typeof raw['version'] === 'string' ? raw['version'] : null,
      group: raw['group'],
      jobs,
    },
  };
}
