// Where the fleet's records live in ZooKeeper: one subtree, `<prefix>/fleet`, beside the
// `locks` of App::Switchman. The Perl switchman reads only the prefix node's data and its
// `locks`, `queues` and `semaphores` children, so it never sees these nodes (and does not
// honour drains, pauses or records: docs/switchman-fleet.md).

/**
 * A name as one ZooKeeper path segment: "%" and "/" percent-encoded, so any group, host or
 * lock name maps to exactly one node and back. "." and ".." are encoded whole.
 */
export function segment(name: string): string {
  if (name === '.' || name === '..') return name.replace(/\./g, '%2E');
  return name.replace(/[%/]/g, (c) => (c === '%' ? '%25' : '%2F'));
}

/** The inverse of segment(). */
export function unsegment(node: string): string {
  return node.replace(/%(25|2F|2E)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function fleetPath(prefix: string): string {
  return `${prefix}/fleet`;
}

/** One persistent node per host, refreshed every minute by `switchman heartbeat`: a HostBeat. */
export function hostsPath(prefix: string): string {
  return `${fleetPath(prefix)}/hosts`;
}
export function hostPath(prefix: string, host: string): string {
  return `${hostsPath(prefix)}/${segment(host)}`;
}

/** One persistent node per lock name: the JobRuns of the runs that held that lock. */
export function runsPath(prefix: string): string {
  return `${fleetPath(prefix)}/runs`;
}
export function runPath(prefix: string, lock: string): string {
  return `${runsPath(prefix)}/${segment(lock)}`;
}

/** Runs with --no-lock, per host: `host-runs/<host>/<lock>`, a JobRuns each. */
export function hostRunsPath(prefix: string): string {
  return `${fleetPath(prefix)}/host-runs`;
}
export function hostRunPath(prefix: string, host: string, lock: string): string {
  return `${hostRunsPath(prefix)}/${segment(host)}/${segment(lock)}`;
}

/** The manifests installed somewhere in the fleet, as heartbeats publish them: `manifests/<package>/<version>`. */
export function manifestsPath(prefix: string): string {
  return `${fleetPath(prefix)}/manifests`;
}
export function manifestPath(prefix: string, pkg: string, version: string): string {
  return `${manifestsPath(prefix)}/${segment(pkg)}/${segment(version)}`;
}

/** One node, a Control document: drained hosts, paused groups and jobs. Every run reads it once. */
export function controlPath(prefix: string): string {
  return `${fleetPath(prefix)}/control`;
}
