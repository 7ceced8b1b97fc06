// A METADATA `time:` as cronpack reads it: Debian's schedule syntax plus H (hash-schedule.ts).
// The H terms are resolved first with the job's lock name; Debian's reader then reads the
// result, and its reports are moved back onto the text as written.
import { resolveHashes } from './hash-schedule.js';
import type { ScheduleResult } from './model.js';
import { parseSchedule } from './parse-schedule.js';

export interface MetadataScheduleResult extends ScheduleResult {
  /** What cron will read: the written text with every H resolved (the same text without H). */
  resolved: string;
}

export function parseMetadataSchedule(written: string, seed: string): MetadataScheduleResult {
  const hashed = resolveHashes(written, seed);
  if (hashed.reports.length > 0) return { reports: hashed.reports, resolved: hashed.text };
  const result = parseSchedule(hashed.text);
  if (hashed.text === written) return { ...result, resolved: written };
  const reports = result.reports.map((report) => ({ ...report, ...hashed.mapSpan(report.offset, report.length) }));
  return { ...(result.model === undefined ? {} : { model: result.model }), reports, resolved: hashed.text };
}
