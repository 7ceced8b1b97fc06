import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/report.js';
import type { CronFilePlan } from '../plan/index.js';
import { cronCommand, type SwitchmanPaths } from './cron-command.js';

/** Debian's cron rejects a command over 998 bytes (MAX_COMMAND, checked against the oracle), and the whole file with it. */
export const maxCommandBytes = 998;
/** A job count that no sane package reaches; far beyond it, a generated file is a bug. */
export const maxJobsPerCronFile = 3000;
/** cron (database.c) silently skips /etc/cron.d files whose names do not match this. */
const cronFileName = /^[a-zA-Z0-9_-]+$/;

/**
 * Checks one planned cron.d file against what Debian's cron accepts, as
 * diagnostics pointing back at each job's METADATA. Needs no template: check
 * runs it too, so that a hook running only check refuses what build would.
 */
export function checkCronFile(plan: CronFilePlan, context: { switchman: SwitchmanPaths; manifestDir: string }, users: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const file = `/etc/cron.d/${plan.name}`;
  const first = plan.jobs[0];
  if (first && !cronFileName.test(plan.name)) {
    diagnostics.push(createDiagnostic(first.job.script, { messageId: 'cronFileNameIgnored', loc: first.job.block.span, data: { name: plan.name } }));
  }
  if (first && plan.jobs.length > maxJobsPerCronFile) {
    diagnostics.push(createDiagnostic(first.job.script, { messageId: 'cronFileTooLong', loc: first.job.block.span, data: { file, jobs: plan.jobs.length, max: maxJobsPerCronFile } }));
  }
  for (const planned of plan.jobs) {
    const bytes = Buffer.byteLength(cronCommand(planned, { name: plan.name, group: plan.group, ...context }), 'utf8');
    const { block } = planned.job;
    if (bytes > maxCommandBytes) {
      diagnostics.push(
        createDiagnostic(planned.job.script, {
          messageId: 'commandTooLong',
          loc: block.fields.params?.valueSpan ?? block.span,
          data: { bytes, max: maxCommandBytes, file },
        }),
      );
    }
    if (!users.includes(planned.user)) {
      diagnostics.push(
        createDiagnostic(planned.job.script, {
          messageId: 'unknownUser',
          loc: block.fields.user?.valueSpan ?? block.span,
          data: { user: planned.user, users: users.join(', '), file },
        }),
      );
    }
  }
  return diagnostics;
}
