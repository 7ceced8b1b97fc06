import type { Severity } from '../diagnostics/diagnostic.js';
import { createDiagnostic, looseReport } from '../diagnostics/report.js';
import type { ScheduleReport } from './model.js';

/** A schedule report with its wording filled in; columns are 1-based within the schedule text, endColumn exclusive. */
export interface ScheduleDiagnostic {
  code: string;
  severity: Severity;
  column: number;
  endColumn: number;
  message: string;
  hint?: string;
}

/** Fills text and hint of a report from the one catalogue, for a schedule that is not in a file (explain). */
export function formatScheduleReport(report: ScheduleReport): ScheduleDiagnostic {
  const column = report.offset + 1;
  const endColumn = column + report.length;
  const { code, severity, message, hint } = createDiagnostic('', looseReport(report.messageId, { line: 1, column, endColumn }, report.data));
  return hint === undefined ? { code, severity, column, endColumn, message } : { code, severity, column, endColumn, message, hint };
}
