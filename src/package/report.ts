import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { InternalError } from '../core/errors.js';
import { fillTemplate } from '../catalogue/message-spec.js';
import { packageMessages, type PackageMessageId } from '../catalogue/package-messages.js';

/** Like diagnostics/report.ts createDiagnostic, for the packaging catalogue (CP31xx). */
export function packageDiagnostic(file: string, messageId: PackageMessageId, loc: Span, data: Readonly<Record<string, string | number>> = {}): Diagnostic {
  const spec = packageMessages[messageId];
  const fill = (template: string): string => fillTemplate(template, data, (name) => new InternalError(`message ${messageId} needs "${name}"`));
  const diagnostic: Diagnostic = { code: spec.code, severity: spec.severity, file, line: loc.line, column: loc.column, message: fill(spec.text) };
  if (loc.endLine !== undefined) diagnostic.endLine = loc.endLine;
  if (loc.endColumn !== undefined) diagnostic.endColumn = loc.endColumn;
  if ('hint' in spec) {
    const hint = fill(spec.hint);
    if (hint !== '') diagnostic.hint = hint;
  }
  return diagnostic;
}
