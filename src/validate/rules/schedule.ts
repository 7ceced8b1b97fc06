import type { DiagnosticSink } from '../../diagnostics/report.js';
import { placeScheduleReport } from '../../schedule/format-report.js';
import { parseMetadataSchedule } from '../../schedule/metadata-schedule.js';
import type { ScheduleModel } from '../../schedule/model.js';
import type { BlockField } from '../../model/types.js';
import { valueSubspan } from '../span.js';

/**
 * Reads `time:` exactly as Debian's cron would, after resolving any H with the job's lock name
 * (`seed`), and reports, at the offending characters as written, what Debian rejects and what
 * it accepts but reads differently. Returns the text cron gets and how Debian reads it, or
 * undefined when Debian rejects it (a job needs that much).
 */
export function checkSchedule(field: BlockField, sink: DiagnosticSink, seed: string): { model: ScheduleModel; resolved: string } | undefined {
  const { model, reports, resolved } = parseMetadataSchedule(field.value, seed);
  for (const report of reports) {
    sink.report(placeScheduleReport(report, valueSubspan(field, report.offset, report.offset + report.length)));
  }
  return model === undefined ? undefined : { model, resolved };
}
