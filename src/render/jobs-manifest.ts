import type { CronFilePlan } from '../plan/index.js';

/**
 * The jobs of one cron.d file as JSON: what a cron package installs in
 * manifestDir, and what the file's cron lines test for before they run.
 * Sorted as the plan is, no timestamps: the same jobs give the same bytes.
 */
export function renderJobsManifest(plan: CronFilePlan): string {
  const manifest = {
    schemaVersion: 1,
    package: plan.name,
    group: plan.group,
    jobs: plan.jobs.map((planned) => ({
      lockName: planned.lockName,
      schedule: planned.job.time.trim().split(/\s+/).join(' '),
      user: planned.user,
      script: planned.job.script,
      scriptPath: planned.scriptPath,
      params: planned.job.params,
    })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
