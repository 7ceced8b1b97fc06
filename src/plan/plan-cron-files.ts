import type { CronpackConfig } from '../config/config-types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/report.js';
import type { Job } from '../model/types.js';

export interface PlannedJob {
  job: Job;
  user: string;
  lockName: string;
  /** The script's absolute path on the box. */
  scriptPath: string;
}

/** One /etc/cron.d file: the jobs of one package. */
export interface CronFilePlan {
  /** The package as written in METADATA; also switchman's --group. */
  group: string;
  /** `<prefix>-<package>`: the cron.d file name and the Debian package name. */
  name: string;
  jobs: PlannedJob[];
}

export interface Plan {
  files: CronFilePlan[];
  diagnostics: Diagnostic[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareJobs(a: PlannedJob, b: PlannedJob): number {
  return (
    compare(a.job.script, b.job.script) ||
    (a.job.shard?.mod ?? 0) - (b.job.shard?.mod ?? 0) ||
    (a.job.shard?.rem ?? 0) - (b.job.shard?.rem ?? 0) ||
    compare(a.job.params.join('\0'), b.job.params.join('\0')) ||
    compare(a.job.time, b.job.time)
  );
}

/**
 * Groups validated jobs into cron.d files, one per package, each job with its
 * user, lock name and installed path. Pure; files and jobs come out sorted, so
 * the same jobs always give the same plan.
 */
export function planCronFiles(jobs: readonly Job[], config: CronpackConfig): Plan {
  const diagnostics: Diagnostic[] = [];
  const byGroup = new Map<string, PlannedJob[]>();
  const byLock = new Map<string, PlannedJob>();
  for (const job of jobs) {
    const planned: PlannedJob = {
      job,
      user: job.user ?? config.user,
      lockName: job.lockName,
      scriptPath: `${config.installDir.replace(/\/+$/, '')}/${job.script}`,
    };
    const holder = byLock.get(planned.lockName);
    // The same script with the same params in two packages is one piece of work: one lock is right.
    const isSameWork = holder !== undefined && holder.job.script === job.script && holder.job.params.join('\0') === job.params.join('\0');
    if (holder && !isSameWork) {
      diagnostics.push(
        createDiagnostic(job.script, {
          messageId: 'lockNameCollision',
          loc: job.block.span,
          data: { lock: planned.lockName, other: `${holder.job.script}:${holder.job.block.span.line}` },
        }),
      );
    } else if (!holder) {
      byLock.set(planned.lockName, planned);
    }
    const group = byGroup.get(job.package) ?? [];
    group.push(planned);
    byGroup.set(job.package, group);
  }
  const files = [...byGroup.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([group, planned]) => ({ group, name: `${config.prefix}-${group}`, jobs: planned.sort(compareJobs) }));
  return { files, diagnostics };
}
