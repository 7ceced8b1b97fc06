// Checks "version-mismatch" and "manifest-unpublished": the packages the fresh hosts' heartbeats
// list, compared between hosts and with the manifests published in ZooKeeper.
import type { Finding, FleetCounts } from '../fleet-report.js';
import { UNVERSIONED } from '../heartbeat.js';
import type { FleetSnapshot } from '../snapshot.js';
import type { Fleet } from './fleet-view.js';
import { compareText, few, line } from './text.js';

/** Versions of one package among the fresh hosts of its group. */
export function checkVersions(snapshot: FleetSnapshot, fleet: Fleet, counts: FleetCounts): Finding[] {
  const findings: Finding[] = [];
  const versions = new Map<string, { group: string; pkg: string; byVersion: Map<string, string[]> }>();
  for (const h of [...snapshot.hosts].sort((a, b) => compareText(a.host, b.host))) {
    if (fleet.state(h.host) !== 'fresh') continue;
    for (const p of h.beat?.packages ?? []) {
      const key = `${p.group}\u0000${p.package}`;
      const entry = versions.get(key) ?? { group: p.group, pkg: p.package, byVersion: new Map<string, string[]>() };
      entry.byVersion.set(p.version, [...(entry.byVersion.get(p.version) ?? []), h.host]);
      versions.set(key, entry);
    }
  }
  for (const { group, pkg, byVersion } of versions.values()) {
    if (byVersion.size < 2) continue;
    counts.versionsMismatched++;
    const seen = [...byVersion.keys()]
      .sort(compareText)
      .map((v) => `${line(v || '(none)', 60)} on ${few(byVersion.get(v)!.map((h) => line(h, 100)))}`)
      .join('; ');
    findings.push({
      status: 'warning',
      check: 'version-mismatch',
      subject: `package ${line(pkg, 100)}`,
      expected: 'one version on every host',
      seen,
      message: `package ${line(pkg, 100)} (group ${line(group, 100)}) differs between hosts: ${seen}`,
    });
  }
  return findings;
}

/**
 * A package a fresh host has installed but whose manifest is not in ZooKeeper (over 1 MB, or
 * the publish failed): its jobs cannot be judged, which must not pass for "all ran on time".
 */
export function checkUnpublished(snapshot: FleetSnapshot, fleet: Fleet): Finding[] {
  const findings: Finding[] = [];
  const publishedKeys = new Set(snapshot.manifests.map((p) => `${p.manifest.package}\u0000${p.manifest.version ?? UNVERSIONED}`));
  const unpublished = new Map<string, string[]>();
  for (const h of snapshot.hosts) {
    if (fleet.state(h.host) !== 'fresh') continue;
    for (const p of h.beat?.packages ?? []) {
      const key = `${p.package}\u0000${p.version}`;
      if (publishedKeys.has(key)) continue;
      unpublished.set(key, [...(unpublished.get(key) ?? []), h.host]);
    }
  }
  for (const [key, hosts] of [...unpublished].sort(([a], [b]) => compareText(a, b))) {
    const [pkg, version] = key.split('\u0000') as [string, string];
    findings.push({
      status: 'warning',
      check: 'manifest-unpublished',
      subject: `package ${line(pkg, 100)}`,
      expected: 'its jobs manifest in ZooKeeper',
      seen: `none for version ${line(version, 60)}`,
      message: `package ${line(pkg, 100)} ${line(version, 60)} is installed on ${few(hosts.sort(compareText))} but its jobs manifest is not in ZooKeeper (too large, over 1 MB?): its jobs are not judged`,
    });
  }
  return findings;
}
