import type { JobsManifest, ManifestJob } from '../contract/jobs-manifest.js';
import { MANIFEST_SCHEMA_VERSION } from '../contract/jobs-manifest.js';
import type { CronFilePlan } from '../plan/index.js';
import { writtenTimeOf } from '../model/types.js';
import type { ScheduleModel } from '../schedule/model.js';
import { shellQuote } from './shell-quote.js';
import { scheduleText } from '../schedule/schedule-text.js';

/**
 * The schedule as Debian's cron reads it, keys in one fixed order (the
 * model's own), so the same schedule always gives the same bytes; null for
 * @reboot, which has no time to be due at.
 */
function cronOf(model: ScheduleModel): ScheduleModel | null {
  if (model.reboot) return null;
  return {
    ...(model.keyword !== undefined ? { keyword: model.keyword } : {}),
    reboot: model.reboot,
    minute: [...model.minute],
    hour: [...model.hour],
    dayOfMonth: [...model.dayOfMonth],
    month: [...model.month],
    dayOfWeek: [...model.dayOfWeek],
    domStar: model.domStar,
    dowStar: model.dowStar,
    minuteStar: model.minuteStar,
    hourStar: model.hourStar,
  };
}

/**
 * The manifest of one cron.d file (src/contract/jobs-manifest.ts), as data.
 * `version` is the Debian version of the package that installs it; null for
 * `build` output, which is not a package.
 */
export function jobsManifestOf(plan: CronFilePlan, version: string | null = null): JobsManifest {
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    package: plan.name,
    version,
    group: plan.group,
    jobs: plan.jobs.map(
      (planned): ManifestJob => ({
        lockName: planned.lockName,
        schedule: scheduleText(writtenTimeOf(planned.job)),
        ...(planned.job.writtenTime === undefined ? {} : { cronSchedule: scheduleText(planned.job.time) }),
        cron: cronOf(planned.job.model),
        user: planned.user,
        script: planned.job.script,
        scriptPath: planned.scriptPath,
        // The words as the cron line passes them to the script, each quoted for /bin/sh (before cron's own escaping).
        params: planned.job.params.map(shellQuote).join(' '),
      }),
    ),
  };
}

/**
 * A list of numbers that JSON.stringify spread over one line each, put on one line: a "* * * * *"
 * job stays a dozen lines, not 140. JSON strings hold no raw line break, so this never matches inside one.
 */
const numberList = /\[\n\s*(-?\d+(?:,\n\s*-?\d+)*)\n\s*\]/g;

/**
 * The jobs of one cron.d file as JSON: what a cron package installs in
 * manifestDir, what the file's cron lines test for before they run, and what
 * switchman reads on the box (heartbeat, check). Sorted as the plan is, no
 * timestamps: the same jobs and version give the same bytes.
 */
export function renderJobsManifest(plan: CronFilePlan, version: string | null = null): string {
  const text = JSON.stringify(jobsManifestOf(plan, version), null, 2).replace(numberList, (_, list: string) => `[${list.split(/,\s*/).join(', ')}]`);
  return `${text}\n`;
}
