// The groups document stored at `<prefix>` in ZooKeeper: {"groups": {"name": "host" | ["host", "subgroup", ...]}}.
// An entry that names another group is a subgroup; anything else is a host, matched exactly against the FQDN.
//
// Read as App::Switchman 1.16 reads it (get_group_hosts, Switchman.pm lines 212-228), so that a
// fleet running both agrees on who runs: only the asked group and the subgroups it reaches are
// judged, and a bad entry anywhere else is a warning, never an error. docs/switchman-groups.md
// has the case table, with the Perl line deciding each case and where we deliberately differ.
import { preview, printable } from './config.js';

export interface GroupDefinition {
  /** The names (hosts or subgroups) the Perl switchman reads from the value. */
  readonly names: readonly string[];
  /** What is wrong with the value or its entries, one line each (the first MAX_WARNINGS); empty for a string or a list of strings. */
  readonly warnings: readonly string[];
  /** How many problems there are in all (a list may have 200,000 bad entries). */
  readonly problemCount: number;
  /**
   * Why the group cannot be judged at all, whether asked for or reached as a subgroup: its value is
   * false to Perl (null, false, 0, "", "0"), where Perl dies with "Group <name> is not described".
   */
  readonly notDescribed?: string;
  /**
   * Why the group cannot be asked for itself: its value is a number, true or an object, which Perl
   * reads as a host name no box has (so it never runs, and says nothing). Reached as a subgroup, it
   * only adds that name, as in Perl.
   */
  readonly malformed?: string;
}

export type Groups = ReadonlyMap<string, GroupDefinition>;

export type GroupsParseResult =
  | {
      ok: true;
      groups: Groups;
      /**
       * The document's "resources", the ones a --lease may name, in the order leases are taken
       * (macros not yet replaced); [] when there are none. Numbers read as Perl prints them.
       */
      resources: string[];
      /** Every problem in the document, one line each (at most MAX_WARNINGS, then a count): not fatal. */
      warnings: string[];
    }
  | { ok: false; error: string };

/** A document with thousands of bad entries must not log thousands of lines on every run. */
export const MAX_WARNINGS = 10;

/** Collects warnings: the first MAX_WARNINGS, and a count of all (no spread: a list may hold 200,000 entries). */
class Warnings {
  private readonly kept: string[] = [];
  private total = 0;

  add(warning: string): void {
    this.total++;
    if (this.kept.length < MAX_WARNINGS) this.kept.push(warning);
  }

  addGroup(definition: GroupDefinition): void {
    for (const w of definition.warnings) this.add(w);
    this.total += definition.problemCount - definition.warnings.length;
  }

  /** The first MAX_WARNINGS (stored in a definition, with problemCount). */
  first(): string[] {
    return [...this.kept];
  }

  count(): number {
    return this.total;
  }

  list(): string[] {
    if (this.total <= MAX_WARNINGS) return [...this.kept];
    return [...this.kept.slice(0, MAX_WARNINGS - 1), `and ${this.total - (MAX_WARNINGS - 1)} more problems in the groups document`];
  }
}

/**
 * A JSON number as Perl prints it (the name Perl's `exists $groups->{$_}` and `eq` see): integers
 * in the 64-bit range in full, anything else as "%.15g" does. Integers beyond 2^53 have already
 * lost digits in JSON.parse (Perl keeps them): a documented difference.
 */
export function perlNumberString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  if (!Number.isFinite(n)) return n > 0 ? 'Inf' : n < 0 ? '-Inf' : 'NaN';
  const [mantissa = '', expText = '0'] = n.toExponential(14).split('e');
  const exp = Number(expText);
  const trim = (digits: string): string => (digits.includes('.') ? digits.replace(/0+$/, '').replace(/\.$/, '') : digits);
  if (exp < -4 || exp >= 15) return `${trim(mantissa)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return trim(n.toFixed(14 - exp));
}

/** Perl's truth: undef, "", "0" and 0 are false (JSON false too: it numifies to 0). */
function perlFalse(value: unknown): boolean {
  return value === null || value === false || value === '' || value === '0' || value === 0;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list (lists are not flattened)';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return `the number ${preview(value)}`;
  return preview(value);
}

/** One entry of a list as Perl reads it: a name, or undefined when no host or group can have it. */
function entryName(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry === 'number') return perlNumberString(entry);
  if (typeof entry === 'boolean') return entry ? '1' : '0';
  // undef: `exists $groups->{undef}` looks up "" (with a Perl warning); the host undef matches nobody.
  if (entry === null) return '';
  // A nested list or an object stringifies to "ARRAY(0x...)" / "HASH(0x...)": not flattened, matches nobody.
  return undefined;
}

function readGroup(name: string, value: unknown): GroupDefinition {
  const label = `group ${preview(name)}`;
  if (perlFalse(value)) {
    const what = value === '' ? 'an empty string' : describe(value);
    return { names: [], warnings: [`${label} is ${what}: not described`], problemCount: 1, notDescribed: what };
  }
  if (typeof value === 'string') return { names: [value], warnings: [], problemCount: 0 };
  if (!Array.isArray(value)) {
    // Perl wraps it into a one-entry list: `$items = [$items] unless ref $items eq 'ARRAY'`.
    const read = entryName(value);
    const what = describe(value);
    const reading = read === undefined ? 'a name no host has' : `the name ${preview(read)}`;
    const problem = `${label} must be a host name or a list of names, not ${what} (read as ${reading})`;
    return { names: read === undefined ? [] : [read], warnings: [problem], problemCount: 1, malformed: problem };
  }
  const names: string[] = [];
  const warnings = new Warnings();
  value.forEach((entry: unknown, index) => {
    const read = entryName(entry);
    if (read !== undefined) names.push(read);
    if (typeof entry === 'string') return;
    warnings.add(`${label}: entry ${index + 1} is ${describe(entry)}, ${read === undefined ? 'ignored' : `read as the name ${preview(read)}`}`);
  });
  return { names, warnings: warnings.first(), problemCount: warnings.count() };
}

export function parseGroupsDocument(text: string): GroupsParseResult {
  // Perl: `if ($json_data)`: an empty node (as `zkCli create` leaves it) is a document without groups.
  if (text === '') return { ok: true, groups: new Map(), resources: [], warnings: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${printable((error as Error).message, 200)}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'must be a JSON object' };
  const document = raw as Record<string, unknown>;
  const warnings = new Warnings();
  const resources = document['resources'];
  // Perl dies on this for every job (line 374); we have no resources, so it is only a warning here.
  if (resources !== undefined && !perlFalse(resources) && !Array.isArray(resources)) {
    warnings.add('"resources" must be a list: the Perl switchman refuses this document for every job');
  }
  const resourceNames = readResources(resources, warnings);
  const rawGroups = document['groups'];
  if (rawGroups === undefined || rawGroups === null) return { ok: true, groups: new Map(), resources: resourceNames, warnings: warnings.list() };
  if (typeof rawGroups !== 'object' || Array.isArray(rawGroups)) {
    return { ok: false, error: '"groups" must be an object' };
  }
  const groups = new Map<string, GroupDefinition>();
  // Object.entries: own keys only, so "__proto__" or "constructor" are group names like any other.
  for (const [name, value] of Object.entries(rawGroups as Record<string, unknown>)) {
    const definition = readGroup(name, value);
    groups.set(name, definition);
    warnings.addGroup(definition);
  }
  return { ok: true, groups, resources: resourceNames, warnings: warnings.list() };
}

/** The names of a "resources" list: strings, and numbers as Perl prints them; anything else is a warning. */
function readResources(resources: unknown, warnings: Warnings): string[] {
  if (!Array.isArray(resources)) return [];
  const names: string[] = [];
  for (const [index, entry] of resources.entries()) {
    if (typeof entry === 'string' && entry !== '') names.push(entry);
    else if (typeof entry === 'number') names.push(perlNumberString(entry));
    else warnings.add(`"resources" entry ${index + 1} is ${describe(entry)}, not a name: ignored`);
  }
  return names;
}

export type ResolveResult =
  | { ok: true; hosts: ReadonlySet<string>; warnings: string[] }
  | { ok: false; error: 'unknown-group' | 'malformed-group'; detail: string; warnings: string[] };

/**
 * All hosts of a group, following subgroups (each once: cycles end), as get_group_hosts does.
 * A group or reached subgroup whose value Perl finds false fails the whole group, as Perl dies.
 */
export function resolveGroupHosts(groups: Groups, name: string): ResolveResult {
  const asked = groups.get(name);
  if (asked === undefined) return { ok: false, error: 'unknown-group', detail: `group ${preview(name)} is not described`, warnings: [] };
  if (asked.notDescribed !== undefined) {
    return { ok: false, error: 'malformed-group', detail: `group ${preview(name)} is ${asked.notDescribed}: not described`, warnings: [] };
  }
  if (asked.malformed !== undefined) return { ok: false, error: 'malformed-group', detail: asked.malformed, warnings: [] };
  const hosts = new Set<string>();
  const warnings = new Warnings();
  const visited = new Set<string>([name]);
  const stack: string[] = [name];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    const definition = groups.get(current) as GroupDefinition;
    if (definition.notDescribed !== undefined) {
      return {
        ok: false,
        error: 'malformed-group',
        detail: `subgroup ${preview(current)} of group ${preview(name)} is ${definition.notDescribed}: not described`,
        warnings: warnings.list(),
      };
    }
    warnings.addGroup(definition);
    for (const entry of definition.names) {
      if (!groups.has(entry)) hosts.add(entry);
      else if (!visited.has(entry)) {
        visited.add(entry);
        stack.push(entry);
      }
    }
  }
  return { ok: true, hosts, warnings: warnings.list() };
}

export type Permission = 'allowed' | 'not-in-group' | 'unknown-group';

export interface GroupVerdict {
  permission: Permission | 'malformed-group';
  /** For 'unknown-group' and 'malformed-group': one line saying why nothing may run. */
  error?: string;
  /** Problems in the asked group and the subgroups it reaches that did not stop the verdict. */
  warnings: string[];
}

/** May `host` run jobs of `group`? With the reasons and the warnings a log wants. */
export function judgeGroup(groups: Groups, group: string, host: string): GroupVerdict {
  const resolved = resolveGroupHosts(groups, group);
  if (!resolved.ok) return { permission: resolved.error, error: resolved.detail, warnings: resolved.warnings };
  return { permission: resolved.hosts.has(host) ? 'allowed' : 'not-in-group', warnings: resolved.warnings };
}

/**
 * judgeGroup for callers that know three answers: a malformed group is 'unknown-group', which is
 * what Perl says of most of them ("Group <g> is not described") and exits 78 all the same.
 */
export function checkPermission(groups: Groups, group: string, host: string): Permission {
  const { permission } = judgeGroup(groups, group, host);
  return permission === 'malformed-group' ? 'unknown-group' : permission;
}
