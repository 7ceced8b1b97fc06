// `--lease RESOURCE=COUNT:TOTAL` as App::Switchman reads it: the macros CPU, FQDN and MEMMB are
// replaced in one pass wherever they appear (in the resource name too), then COUNT and TOTAL
// are evaluated (lease-expression.ts, never eval). A repeated resource: the last one counts, as
// with the original's Getopt hash.
import { evaluateLeaseExpression, LeaseExpressionError } from './lease-expression.js';

/** The values the macros stand for on this box. */
export interface LeaseMacros {
  /** Processors, as Sys::CPU counts them (os.cpus().length). */
  CPU: number;
  /** This host's FQDN. */
  FQDN: string;
  /** int(MemTotal in kB / 1024), from /proc/meminfo. */
  MEMMB: number;
}

export interface Lease {
  resource: string;
  /** May be negative: it then adds to what the others may take. */
  count: number;
  total: number;
}

/** Replaces CPU, FQDN and MEMMB in one pass: a replaced value is not read again. */
export function expandLeaseMacros(text: string, macros: LeaseMacros): string {
  return text.replace(/CPU|FQDN|MEMMB/g, (name) => String(macros[name as keyof LeaseMacros]));
}

/** One --lease value, or the one-line reason it is refused (a usage error). */
export function parseLease(option: string, macros: LeaseMacros): Lease | { error: string } {
  const equals = option.indexOf('=');
  if (equals <= 0) return { error: `--lease ${JSON.stringify(option)}: expected RESOURCE=COUNT:TOTAL` };
  const resource = expandLeaseMacros(option.slice(0, equals), macros);
  const amounts = expandLeaseMacros(option.slice(equals + 1), macros);
  const colon = amounts.indexOf(':');
  if (colon < 0) return { error: `--lease ${JSON.stringify(option)}: expected RESOURCE=COUNT:TOTAL, found no ":"` };
  const values: number[] = [];
  for (const [what, text] of [['COUNT', amounts.slice(0, colon)], ['TOTAL', amounts.slice(colon + 1)]] as const) {
    let value: number;
    try {
      value = evaluateLeaseExpression(text);
    } catch (error) {
      if (!(error instanceof LeaseExpressionError)) throw error;
      return { error: `--lease ${JSON.stringify(option)}: ${what} ${JSON.stringify(text)}: ${error.message} (at character ${error.offset + 1})` };
    }
    if (!Number.isSafeInteger(value)) return { error: `--lease ${JSON.stringify(option)}: ${what} ${JSON.stringify(text)} is ${value}, not a whole number (use int())` };
    values.push(value);
  }
  const [count, total] = values as [number, number];
  if (total < 0) return { error: `--lease ${JSON.stringify(option)}: TOTAL is ${total}; it cannot be negative` };
  return { resource, count, total };
}

/** Every --lease of a command line, the last one winning for a resource; or the first refusal. */
export function parseLeases(options: readonly string[], macros: LeaseMacros): Map<string, Lease> | { error: string } {
  const leases = new Map<string, Lease>();
  for (const option of options) {
    const lease = parseLease(option, macros);
    if ('error' in lease) return lease;
    leases.set(lease.resource, lease);
  }
  return leases;
}
