import type { DiagnosticSink } from '../../diagnostics/report.js';
import { isDebianUserName } from '../../text/debian-names.js';
import type { BlockField } from '../../model/types.js';

/**
 * A package becomes both a Debian package name (`<prefix>-<package>`: lower-case
 * letters, digits, `+ - .`) and an /etc/cron.d file name, which cron silently
 * skips unless it matches ^[A-Za-z0-9_-]+$. Only the overlap is safe.
 */
const packagePattern = /^[a-z0-9][a-z0-9-]*$/;

/** <prefix>-<package>_<version>_all.deb and <prefix>-<package>.json must fit a file name (255 bytes). */
export const maxPackageNameLength = 64;

function packageProblem(name: string): string | undefined {
  if (name.length > maxPackageNameLength) return `is longer than ${maxPackageNameLength} characters, too long for the file names made from it`;
  if (packagePattern.test(name)) return undefined;
  if (name.includes('.')) return 'contains ".", and cron silently ignores /etc/cron.d files whose names contain a dot';
  if (/[A-Z]/.test(name)) return 'contains upper-case letters, which Debian package names do not allow';
  if (name.includes('_')) return 'contains "_", which Debian package names do not allow';
  if (name.startsWith('-')) return 'starts with "-"';
  return 'contains characters that are not lower-case letters, digits or "-"';
}

export function suggestPackageName(name: string): string {
  const safe = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return safe === '' ? 'scripts1' : safe;
}

export function checkPackageName(field: BlockField, sink: DiagnosticSink): boolean {
  const reason = packageProblem(field.value);
  if (reason === undefined) return true;
  sink.report({
    messageId: 'invalidPackageName',
    loc: field.valueSpan,
    data: { name: field.value, reason, suggestion: suggestPackageName(field.value) },
  });
  return false;
}

export function checkUserName(field: BlockField, sink: DiagnosticSink): boolean {
  if (isDebianUserName(field.value)) return true;
  sink.report({ messageId: 'invalidUser', loc: field.valueSpan, data: { name: field.value } });
  return false;
}
