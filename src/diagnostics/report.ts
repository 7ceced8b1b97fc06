import type { Diagnostic, GlobalDiagnostic, LocatedDiagnostic, Span } from './diagnostic.js';
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

/** A phrase of the catalogue (catalogue/phrases.ts) with its placeholders filled; a missing value is a bug. */
export function fillPhrase(phrase: string, data: ReportData): string {
  return fillTemplate(phrase, data, (name) => new InternalError(`phrase "${phrase}" needs "${name}"`));
}

function fill(template: string, data: ReportData, messageId: string): string {
  return fillTemplate(template, data, (name) => new InternalError(`message ${messageId} needs "${name}"`));
}

/** A report about no place in a file: a value from the command line, or a config key without a config file. */
export type GlobalReport<Id extends MessageId = MessageId> = { [K in Id]: { messageId: K } & DataForSpec<(typeof messages)[K]> }[Id];

/** The code, severity, message and hint of a report, with the wording from the catalogue. */
function describe(report: GlobalReport): { code: string; severity: Diagnostic['severity']; message: string; hint?: string } {
  const spec = messages[report.messageId];
  const data: ReportData = report.data ?? {};
  const described: ReturnType<typeof describe> = { code: spec.code, severity: spec.severity, message: fill(spec.text, data, report.messageId) };
  if ('hint' in spec) {
    const hint = fill(spec.hint, data, report.messageId);
    if (hint !== '') described.hint = hint;
  }
  return described;
}

/** A diagnostic about no file; `option` names the command-line option its value came from. */
export function createGlobalDiagnostic(report: GlobalReport, option?: string): GlobalDiagnostic {
  const { code, severity, message, hint } = describe(report);
  return { code, severity, ...(option !== undefined ? { option } : {}), message, ...(hint !== undefined ? { hint } : {}) };
}

/**
 * Where a diagnostic points: a place in a file, or no file at all (a value from the command line,
 * whose option it names, or a config key when the repository has no config file).
 */
export type Site = { file: string; loc: Span } | { file?: undefined; option?: string };

/** A report at a site: located when the site has a file, global otherwise. */
export function diagnosticAt(site: Site, report: GlobalReport): Diagnostic {
  if (site.file === undefined) return createGlobalDiagnostic(report, site.option);
  // The same message and data, placed: TypeScript cannot follow the union member through the spread.
  return createDiagnostic(site.file, { ...report, loc: site.loc } as Report);
}

/** Turns a report into a Diagnostic at its place in `file`, with the wording from the catalogue. */
export function createDiagnostic(file: string, report: Report): LocatedDiagnostic {
  const { code, severity, message, hint } = describe(report);
  const diagnostic: LocatedDiagnostic = { code, severity, file, line: report.loc.line, column: report.loc.column, message };
  if (report.loc.endLine !== undefined) diagnostic.endLine = report.loc.endLine;
  if (report.loc.endColumn !== undefined) diagnostic.endColumn = report.loc.endColumn;
  if (hint !== undefined) diagnostic.hint = hint;
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
