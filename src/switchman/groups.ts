// The groups document stored at `<prefix>` in ZooKeeper: {"groups": {"name": "host" | ["host", "subgroup", ...]}}.
// An entry that names another group is a subgroup; anything else is a host, matched exactly against the FQDN.

export type Groups = ReadonlyMap<string, readonly string[]>;

export type GroupsParseResult = { ok: true; groups: Groups } | { ok: false; error: string };

export function parseGroupsDocument(text: string): GroupsParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'must be a JSON object' };
  const rawGroups = (raw as Record<string, unknown>)['groups'];
  if (rawGroups === undefined) return { ok: true, groups: new Map() };
  if (typeof rawGroups !== 'object' || rawGroups === null || Array.isArray(rawGroups)) {
    return { ok: false, error: '"groups" must be an object' };
  }
  const groups = new Map<string, readonly string[]>();
  for (const [name, value] of Object.entries(rawGroups as Record<string, unknown>)) {
    if (typeof value === 'string') groups.set(name, [value]);
    else if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) groups.set(name, [...value]);
    else return { ok: false, error: `group "${name}" must be a string or a list of strings` };
  }
  return { ok: true, groups };
}

export type ResolveResult = { ok: true; hosts: ReadonlySet<string> } | { ok: false; error: 'unknown-group' };

/** All hosts of a group, following subgroups; a cycle is followed once and then ignored. */
export function resolveGroupHosts(groups: Groups, name: string): ResolveResult {
  if (!groups.has(name)) return { ok: false, error: 'unknown-group' };
  const hosts = new Set<string>();
  const visited = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (visited.has(current)) continue;
    visited.add(current);
    for (const entry of groups.get(current) ?? []) {
      if (groups.has(entry)) stack.push(entry);
      else hosts.add(entry);
    }
  }
  return { ok: true, hosts };
}

export type Permission = 'allowed' | 'not-in-group' | 'unknown-group';

export function checkPermission(groups: Groups, group: string, host: string): Permission {
  const resolved = resolveGroupHosts(groups, group);
  if (!resolved.ok) return 'unknown-group';
  return resolved.hosts.has(host) ? 'allowed' : 'not-in-group';
}
