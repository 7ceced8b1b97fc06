// Which jobs the check judges: the manifests that count, merged into one job per lock name.
import type { ManifestJob, JobsManifest } from '../../contract/jobs-manifest.js';
import type { ScheduleModel } from '../../schedule/model.js';
import { compareText } from './checks/text.js';
import { UNVERSIONED } from './heartbeat.js';
import type { FleetSnapshot, LocalView } from './snapshot.js';

/** A job of the manifests that count, merged over the packages and versions listing it. */
export interface CountingJob {
  lock: string;
  group: string;
  schedule: string;
  cron: ScheduleModel | null;
  /** When the fleet first saw this job with this schedule and group; undefined: only installed here, not published yet. */
  firstSeenMs: number | undefined;
  package: string;
}

export interface CountingManifests {
  manifests: JobsManifest[];
  /** By lock name. */
  jobs: Map<string, CountingJob>;
  /** Group -> the packages (sorted) whose manifests use it. */
  groups: Map<string, string[]>;
}

/**
 * The manifests that count: those published in ZooKeeper that at least one host's heartbeat
 * lists, plus those installed on this box. A lock name listed twice takes the newest published
 * manifest's job (then this box's); its firstSeenMs is the earliest publication of that same
 * schedule in that same group, so an upgrade that keeps the schedule does not reset it.
 */
export function countingManifests(snapshot: FleetSnapshot, local: LocalView | undefined): CountingManifests {
  const listed = new Set<string>();
  for (const h of snapshot.hosts) for (const p of h.beat?.packages ?? []) listed.add(`${p.package}\u0000${p.version}`);
  const published = snapshot.manifests
    .filter((p) => listed.has(`${p.manifest.package}\u0000${p.manifest.version ?? UNVERSIONED}`))
    .sort((a, b) => b.firstSeenMs - a.firstSeenMs || compareText(a.manifest.package, b.manifest.package) || compareText(a.manifest.version ?? '', b.manifest.version ?? ''));
  const manifests: JobsManifest[] = published.map((p) => p.manifest);
  const jobs = new Map<string, CountingJob>();
  const take = (m: JobsManifest, job: ManifestJob, firstSeenMs: number | undefined): void => {
    if (jobs.has(job.lockName)) return;
    jobs.set(job.lockName, { lock: job.lockName, group: m.group, schedule: job.schedule, cron: job.cron, firstSeenMs, package: m.package });
  };
  for (const p of published) for (const job of p.manifest.jobs) take(p.manifest, job, p.firstSeenMs);
  for (const m of [...(local?.manifests ?? [])].sort((a, b) => compareText(a.package, b.package))) {
    manifests.push(m);
    for (const job of m.jobs) take(m, job, undefined);
  }
  // The earliest publication of the job as it is now.
  for (const p of published) {
    for (const job of p.manifest.jobs) {
      const chosen = jobs.get(job.lockName);
      if (chosen === undefined || chosen.group !== p.manifest.group || chosen.schedule !== job.schedule) continue;
      if (chosen.firstSeenMs === undefined || p.firstSeenMs < chosen.firstSeenMs) chosen.firstSeenMs = p.firstSeenMs;
    }
  }
  const groups = new Map<string, string[]>();
  for (const m of manifests) {
    if (m.jobs.length === 0) continue;
    const packages = groups.get(m.group) ?? [];
    if (!packages.includes(m.package)) packages.push(m.package);
    groups.set(m.group, packages);
  }
  for (const packages of groups.values()) packages.sort(compareText);
  return { manifests, jobs, groups };
}
