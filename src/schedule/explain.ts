import { describeSchedule } from './describe.js';
import { formatScheduleReport } from './format-report.js';
import type { ScheduleDiagnostic } from './format-report.js';
import { scheduleMessages } from '../catalogue/schedule-messages.js';
import { dayMatchOf } from './model.js';
import { nextRuns } from './next-runs.js';
import { parseMetadataSchedule } from './metadata-schedule.js';
import { parseSchedule } from './parse-schedule.js';
import { formatInZone, ZoneOffsets } from './zone.js';

export interface ExplainOptions {
  /** Next runs are strictly after this instant. */
  now: Date;
  /** How many next runs to list. */
  count: number;
  /** IANA zone of the machine running cron. */
  timeZone: string;
  /** The job's lock name, which chooses the values of H; without it an H is what Debian makes of it (an error). */
  lockName?: string;
}

/** Everything cronpack knows about one schedule, as plain JSON. */
export interface Explanation {
  schedule: string;
  /** What the cron.d line gets: `schedule` with any H resolved by the lock name. */
  cronSchedule: string;
  /** Debian accepts it and nothing error-severity was found. */
  valid: boolean;
  diagnostics: ScheduleDiagnostic[];
  /** What Debian's cron will do, in English. */
  description: string;
  /** The values Debian selects (empty when Debian rejects the schedule); dayOfWeek holds Sunday as both 0 and 7. */
  fields: { minute: number[]; hour: number[]; dayOfMonth: number[]; month: number[]; dayOfWeek: number[] };
  /** How Debian combines the two day fields ('and' when Debian rejects the schedule). */
  dayMatch: 'and' | 'or';
  /** ISO 8601 with the zone's offset, e.g. 2026-11-23T00:00:00+01:00. */
  next: string[];
}

export function explainSchedule(text: string, options: ExplainOptions): Explanation {
  // Without a lock name, no H is resolved: Debian's reader then says what it makes of one.
  const { model, reports, resolved } = options.lockName === undefined ? { ...parseSchedule(text), resolved: text } : parseMetadataSchedule(text, options.lockName);
  const diagnostics = reports.map(formatScheduleReport);
  const hasError = reports.some((r) => scheduleMessages[r.messageId].severity === 'error');
  const zone = new ZoneOffsets(options.timeZone);
  const next = model ? nextRuns(model, { from: options.now, count: options.count, timeZone: options.timeZone }) : [];
  return {
    schedule: text,
    cronSchedule: resolved,
    valid: model !== undefined && !hasError,
    diagnostics,
    description: describeSchedule(resolved, model),
    fields: {
      minute: model ? [...model.minute] : [],
      hour: model ? [...model.hour] : [],
      dayOfMonth: model ? [...model.dayOfMonth] : [],
      month: model ? [...model.month] : [],
      dayOfWeek: model ? [...model.dayOfWeek] : [],
    },
    dayMatch: model ? dayMatchOf(model) : 'and',
    next: next.map((d) => formatInZone(d, zone)),
  };
}
