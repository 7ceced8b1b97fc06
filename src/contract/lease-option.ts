// `--lease RESOURCE=COUNT:TOTAL` as App::Switchman reads it: the macros CPU, FQDN and MEMMB are
// replaced in one pass wherever they appear (in the resource name too), then COUNT and TOTAL
// are evaluated (lease-expression.ts, never eval). A repeated resource: the last one counts, as
// with the original's Getopt hash. Shared: switchman evaluates leases on the box, cronpack
// checks their syntax in METADATA before they reach a cron line.
import { refusedCharacter } from './lock-name.js';
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

/**
 * Why a --lease is refused, in one line. `syntax`: the text itself is wrong, whatever the box
 * (a usage error); otherwise only the values the macros took here are (division by zero, 7/2).
 * Each side words it its own way: describeRefusal() for switchman, the METADATA check for cronpack.
 */
export interface LeaseRefusal {
  option: string;
  reason: string;
  syntax: boolean;
}

/** `--lease "r=x:1": COUNT "x": ...`, as switchman says it. */
export function describeRefusal(refusal: LeaseRefusal): string {
  return `--lease ${JSON.stringify(refusal.option)}: ${refusal.reason}`;
}

/** One --lease value, or the reason it is refused. */
export function parseLease(option: string, macros: LeaseMacros): Lease | LeaseRefusal {
  const refuse = (reason: string, syntax: boolean): LeaseRefusal => ({ option, reason, syntax });
  const equals = option.indexOf('=');
  if (equals <= 0) return refuse('expected RESOURCE=COUNT:TOTAL', true);
  const resource = expandLeaseMacros(option.slice(0, equals), macros);
  // It names ZooKeeper nodes (<prefix>/queues/<resource>): one segment ZooKeeper accepts.
  const refused = refusedCharacter(resource);
  if (resource === '.' || resource === '..' || resource.includes('/') || refused !== undefined) {
    return refuse(`RESOURCE must be one ZooKeeper node name${refused === undefined ? ' (no "/", not "." or "..")' : `; ZooKeeper refuses the character ${refused}`}`, true);
  }
  const amounts = expandLeaseMacros(option.slice(equals + 1), macros);
  const colon = amounts.indexOf(':');
  if (colon < 0) return refuse('expected RESOURCE=COUNT:TOTAL, found no ":"', true);
  const values: number[] = [];
  for (const [what, text] of [['COUNT', amounts.slice(0, colon)], ['TOTAL', amounts.slice(colon + 1)]] as const) {
    let value: number;
    try {
      value = evaluateLeaseExpression(text);
    } catch (error) {
      if (!(error instanceof LeaseExpressionError)) throw error;
      return refuse(`${what} ${JSON.stringify(text)}: ${error.message} (at character ${error.offset + 1})`, error.syntax);
    }
    if (!Number.isSafeInteger(value)) return refuse(`${what} ${JSON.stringify(text)} is ${value}, not a whole number (use int())`, false);
    values.push(value);
  }
  const [count, total] = values as [number, number];
  if (total < 0) return refuse(`TOTAL is ${total}; it cannot be negative`, false);
  // It would wait for ever (the original does): say so at once, with this box's values.
  if (count > total) return refuse(`COUNT ${count} is more than TOTAL ${total} on this box: it could never be granted`, false);
  return { resource, count, total };
}

/** Every --lease of a command line, the last one winning for a resource; or the first refusal. */
export function parseLeases(options: readonly string[], macros: LeaseMacros): Map<string, Lease> | LeaseRefusal {
  const leases = new Map<string, Lease>();
  for (const option of options) {
    const lease = parseLease(option, macros);
    if ('reason' in lease) return lease;
    leases.set(lease.resource, lease);
  }
  return leases;
}

/** Values the macros may take, to check a --lease's text before any box's are known. */
const SAMPLE_MACROS: LeaseMacros = { CPU: 2, FQDN: 'host.example', MEMMB: 2048 };

/** Why the text of a --lease cannot be read on any box, or undefined (its values are checked on the box). */
export function leaseSyntaxError(option: string): LeaseRefusal | undefined {
  const lease = parseLease(option, SAMPLE_MACROS);
  return 'reason' in lease && lease.syntax ? lease : undefined;
}
