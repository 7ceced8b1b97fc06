import type { Severity, Span } from '../diagnostics/diagnostic.js';
import { createDiagnostic, type Report } from '../diagnostics/report.js';
import type { ScheduleReport } from './model.js';

/**
 * The report for the one catalogue, placed at `loc`. Sound: a schedule message is the catalogue's
 * message of the same id, with the same placeholders; TypeScript cannot follow the union member.
 */
export function placeScheduleReport(report: ScheduleReport, loc: Span): Report {
  return { messageId: report.messageId, loc, data: report.data } as Report;
}

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
  const { code, severity, message, hint } = createDiagnostic('', placeScheduleReport(report, { line: 1, column, endColumn }));
  return hint === undefined ? { code, severity, column, endColumn, message } : { code, severity, column, endColumn, message, hint };
}
