import { looseReport, type DiagnosticSink } from '../../diagnostics/report.js';
import { parseSchedule } from '../../schedule/parse-schedule.js';
import type { ScheduleModel } from '../../schedule/model.js';
import type { BlockField } from '../../model/types.js';
import { valueSubspan } from '../span.js';

/**
 * Reads `time:` exactly as Debian's cron would and reports, at the offending
 * characters, what Debian rejects and what it accepts but reads differently.
 * Returns how Debian reads it, or undefined when Debian rejects it (a job
 * needs that much).
 */
export function checkSchedule(field: BlockField, sink: DiagnosticSink): ScheduleModel | undefined {
  const { model, reports } = parseSchedule(field.value);
  for (const report of reports) {
    sink.report(looseReport(report.messageId, valueSubspan(field, report.offset, report.offset + report.length), report.data));
  }
  return model;
}
