// `switchman gc`: removes the records of hosts gone for long, and of jobs no installed package
// lists any more. Safe from many boxes at once and against a host that comes back: every
// delete is conditional on the version that was judged, so a record refreshed meanwhile stays;
// a host's run records go before its host record, so an interrupted gc is finished by the next.
import { ZK_BAD_VERSION, ZK_NO_NODE, ZK_NOT_EMPTY, ZkError } from '../zk-session.js';
import type { ZkSession } from '../zk-session.js';
import { hostPath, hostRunPath, hostRunsPath, manifestPath, runPath, segment } from './layout.js';
import type { FleetSnapshot } from './snapshot.js';
import { UNVERSIONED } from './heartbeat.js';

export interface GcLimits {
  /** A host whose heartbeat is older than this is gone: its records go. */
  hostMaxAgeMs: number;
  /** A job no package lists, whose record is older than this, goes. */
  jobMaxAgeMs: number;
  /** A manifest version no host lists goes once it was first published this long ago. */
  manifestMinAgeMs: number;
  /** Whether to collect even when no host at all has a fresh heartbeat (see planGc). */
  force: boolean;
  /** "Fresh", for the guard above. */
  heartbeatStaleMs: number;
}

export const DEFAULT_GC_LIMITS: GcLimits = {
  hostMaxAgeMs: 7 * 86_400_000,
  jobMaxAgeMs: 7 * 86_400_000,
  manifestMinAgeMs: 86_400_000,
  force: false,
  heartbeatStaleMs: 5 * 60_000,
};

export interface GcStep {
  path: string;
  /** The data version judged: the delete happens only at it (-1: any, for a folder node). */
  version: number;
  why: string;
}

export type GcPlan = { ok: true; steps: GcStep[] } | { ok: false; error: string };

const days = (ms: number): string => `${(ms / 86_400_000).toFixed(1)} days`;

/**
 * What to remove, in order. Refused when no host has a fresh heartbeat: then either the whole
 * fleet is down or this box's clock is wrong, and removing everything would help neither.
 */
export function planGc(snapshot: FleetSnapshot, limits: GcLimits): GcPlan {
  const now = snapshot.nowMs;
  if (!limits.force && snapshot.hosts.length > 0 && !snapshot.hosts.some((h) => now - h.mtimeMs <= limits.heartbeatStaleMs)) {
    return { ok: false, error: 'no host has a fresh heartbeat: the fleet is down or this clock is wrong; not collecting anything (--force to collect all the same)' };
  }
  const steps: GcStep[] = [];
  const gone = new Set<string>();
  for (const host of snapshot.hosts) {
    const age = now - host.mtimeMs;
    if (age <= limits.hostMaxAgeMs) continue;
    gone.add(host.host);
    for (const entry of snapshot.hostRuns.filter((r) => r.host === host.host)) {
      steps.push({ path: hostRunPath(snapshot.prefix, host.host, entry.lock), version: entry.version, why: `--no-lock runs of a host gone ${days(age)}` });
    }
    steps.push({ path: `${hostRunsPath(snapshot.prefix)}/${segment(host.host)}`, version: -1, why: 'its folder, if empty' });
    steps.push({ path: hostPath(snapshot.prefix, host.host), version: host.version, why: `heartbeat ${days(age)} old` });
  }
  // What the remaining hosts have installed: their packages, versions and jobs.
  const listed = new Set<string>();
  for (const host of snapshot.hosts) {
    if (gone.has(host.host)) continue;
    for (const p of host.beat?.packages ?? []) listed.add(`${p.package}\u0000${p.version}`);
  }
  const listedJobs = new Set<string>();
  for (const published of snapshot.manifests) {
    const key = `${published.manifest.package}\u0000${published.manifest.version ?? UNVERSIONED}`;
    if (listed.has(key)) {
      for (const job of published.manifest.jobs) listedJobs.add(job.lockName);
      continue;
    }
    const age = now - published.firstSeenMs;
    if (age < limits.manifestMinAgeMs) continue;
    steps.push({ path: manifestPath(snapshot.prefix, published.manifest.package, published.manifest.version ?? UNVERSIONED), version: 0, why: 'no host has this package version any more' });
  }
  const held = new Set(snapshot.locks.map((l) => l.lock));
  for (const entry of snapshot.runs) {
    const age = now - entry.mtimeMs;
    if (listedJobs.has(entry.lock) || held.has(entry.lock) || age <= limits.jobMaxAgeMs) continue;
    steps.push({ path: runPath(snapshot.prefix, entry.lock), version: entry.version, why: `no installed package lists this job; last run ${days(age)} ago` });
  }
  return { ok: true, steps };
}

export type GcOutcome = 'removed' | 'kept: changed meanwhile' | 'kept: not empty' | 'gone already';

/** Carries out one step: a conditional delete; a record that changed since it was judged stays. */
export async function applyGcStep(session: ZkSession, step: GcStep): Promise<GcOutcome> {
  try {
    await session.remove(step.path, step.version);
    return 'removed';
  } catch (error) {
    if (error instanceof ZkError && error.code === ZK_BAD_VERSION) return 'kept: changed meanwhile';
    if (error instanceof ZkError && error.code === ZK_NOT_EMPTY) return 'kept: not empty';
    if (error instanceof ZkError && error.code === ZK_NO_NODE) return 'gone already';
    throw error;
  }
}
