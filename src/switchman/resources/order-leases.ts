// Which leases a run takes, and in what order: the order of the prefix document's "resources"
// list (its names with the macros replaced, as App::Switchman does), so that two jobs never wait
// for each other's resource. A --lease on a resource the list does not name is an error.
import { expandLeaseMacros } from '../../contract/lease-option.js';
import type { Lease, LeaseMacros } from '../../contract/lease-option.js';

export function orderLeases(leases: ReadonlyMap<string, Lease>, listed: readonly string[], macros: LeaseMacros): { ordered: Lease[] } | { unknown: string[] } {
  const known = listed.map((name) => expandLeaseMacros(name, macros));
  const unknown = [...leases.keys()].filter((resource) => !known.includes(resource)).sort();
  if (unknown.length > 0) return { unknown };
  const ordered: Lease[] = [];
  for (const name of new Set(known)) {
    const lease = leases.get(name);
    if (lease !== undefined) ordered.push(lease);
  }
  return { ordered };
}
