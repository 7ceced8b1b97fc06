// `lease:` in a <crontab> block: switchman --lease values, comma-separated. Each is checked with
// switchman's own reader (contract/lease-option.ts) so a cron line never carries one switchman
// refuses; resource names are kept to plain characters, as they go into the cron line and name
// ZooKeeper nodes. Their values (macros, division) are switchman's to judge on each box.
import { leaseSyntaxError } from '../../contract/lease-option.js';
import type { DiagnosticSink } from '../../diagnostics/report.js';
import type { BlockField } from '../../model/types.js';
import { valueSubspan } from '../span.js';

const plainResource = /^[A-Za-z0-9_.-]+$/;

/** The leases of the field, or undefined when one cannot be used (reported). */
export function checkLeases(field: BlockField | undefined, sink: DiagnosticSink): string[] | undefined {
  if (!field) return [];
  const leases: string[] = [];
  let isValid = true;
  let offset = 0;
  for (const raw of field.value.split(',')) {
    const start = offset + (raw.length - raw.trimStart().length);
    offset += raw.length + 1;
    const lease = raw.trim();
    const equals = lease.indexOf('=');
    const resource = equals < 0 ? '' : lease.slice(0, equals);
    const reason =
      lease === ''
        ? 'an empty lease (a comma too many?)'
        : equals > 0 && !plainResource.test(resource)
          ? `the resource "${resource}" holds other characters than letters, digits, "_", "." and "-"`
          : leaseSyntaxError(lease)?.reason;
    if (reason === undefined) {
      leases.push(lease);
      continue;
    }
    isValid = false;
    sink.report({ messageId: 'invalidLease', loc: valueSubspan(field, start, start + Math.max(1, lease.length)), data: { lease, reason } });
  }
  return isValid ? leases : undefined;
}
