import type { Diagnostic, Span } from './diagnostic.js';
import { messages, type MessageId } from '../catalogue/messages.js';
import { InternalError } from '../core/errors.js';
import { fillTemplate, type DataForSpec } from '../catalogue/message-spec.js';
import { relatedMessages, type RelatedMessageId } from '../catalogue/related-messages.js';

export type ReportData = Readonly<Record<string, string | number>>;

/**
 * What detection code hands over: which message, where, and the values for its placeholders.
 * One member per message, so a missing or misspelt placeholder is a compile error, not a
 * runtime one.
 */
export type Report<Id extends MessageId = MessageId> = { [K in Id]: { messageId: K; loc: Span; related?: readonly RelatedReport[] } & DataForSpec<(typeof messages)[K]> }[Id];

/** Another place in the same file that a report points at, and which related message says what it is. */
export type RelatedReport = { [K in RelatedMessageId]: { messageId: K; loc: Span } & DataForSpec<(typeof relatedMessages)[K]> }[RelatedMessageId];

/**
 * A report from a catalogue whose reports are not yet typed per message (the schedule's
 * ScheduleReport carries its data as a plain record): its placeholders are checked when the
 * text is filled, at run time, as before.
 */
export function looseReport(messageId: MessageId, loc: Span, data: ReportData | undefined): Report {
  return { messageId, loc, data } as Report;
}

function fill(template: string, data: ReportData, messageId: string): string {
  return fillTemplate(template, data, (name) => new InternalError(`message ${messageId} needs "${name}"`));
}

/** Turns a report into a Diagnostic, with the wording from the catalogue. */
export function createDiagnostic(file: string, report: Report): Diagnostic {
  const spec = messages[report.messageId];
  const data: ReportData = report.data ?? {};
  const diagnostic: Diagnostic = {
    code: spec.code,
    severity: spec.severity,
    file,
    line: report.loc.line,
    column: report.loc.column,
    message: fill(spec.text, data, report.messageId),
  };
  if (report.loc.endLine !== undefined) diagnostic.endLine = report.loc.endLine;
  if (report.loc.endColumn !== undefined) diagnostic.endColumn = report.loc.endColumn;
  if ('hint' in spec) {
    const hint = fill(spec.hint, data, report.messageId);
    if (hint !== '') diagnostic.hint = hint;
  }
  if (report.related !== undefined && report.related.length > 0) {
    diagnostic.related = report.related.map((related) => ({
      file,
      line: related.loc.line,
      column: related.loc.column,
      ...(related.loc.endLine !== undefined ? { endLine: related.loc.endLine } : {}),
      ...(related.loc.endColumn !== undefined ? { endColumn: related.loc.endColumn } : {}),
      message: fill(relatedMessages[related.messageId].text, related.data ?? {}, related.messageId),
    }));
  }
  return diagnostic;
}

/** Collects the diagnostics of one file; stages get one and call report(), never build text. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file: string) {}
  report(report: Report): void {
    this.diagnostics.push(createDiagnostic(this.file, report));
  }
}
