// Check "paused": one WARNING per paused group or job. The pause is the operator's
// acknowledgement, so the overdue and failing checks skip what it covers (isPaused).
import type { CountingManifests } from '../counting-manifests.js';
import type { Finding } from '../fleet-report.js';
import type { Control } from '../records.js';
import { compareText, line, marked, plural } from './text.js';

/** Pauses: groups first, then jobs. */
export function checkPauses(control: Control, counting: CountingManifests): Finding[] {
  const findings: Finding[] = [];
  for (const group of Object.keys(control.pausedGroups).sort(compareText)) {
    const marker = control.pausedGroups[group]!;
    const held = [...counting.jobs.values()].filter((j) => j.group === group).length;
    findings.push({
      status: 'warning',
      check: 'paused',
      subject: `group ${line(group, 100)}`,
      expected: 'not paused',
      seen: `paused ${marked(marker)}`,
      message: `group ${line(group, 100)} paused ${marked(marker)} (${plural(held, 'job')} held back)`,
    });
  }
  for (const lock of Object.keys(control.pausedJobs).sort(compareText)) {
    const marker = control.pausedJobs[lock]!;
    findings.push({ status: 'warning', check: 'paused', subject: `job ${line(lock, 100)}`, expected: 'not paused', seen: `paused ${marked(marker)}`, message: `job ${line(lock, 100)} paused ${marked(marker)}` });
  }
  return findings;
}

/** Whether the job, or its group, is paused. */
export function isPaused(control: Control, lock: string, group: string | null | undefined): boolean {
  return control.pausedJobs[lock] !== undefined || (group != null && control.pausedGroups[group] !== undefined);
}
