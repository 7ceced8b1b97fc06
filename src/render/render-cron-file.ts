import Handlebars from 'handlebars';
import { readAsset } from '../core/assets.js';
import type { CronFilePlan } from '../plan/index.js';
import { cronCommand, type SwitchmanPaths } from './cron-command.js';
import { scheduleText } from '../schedule/schedule-text.js';

/** What a cron.d file depends on besides its jobs: nothing that changes between releases or build machines. */
export interface RenderContext {
  switchman: SwitchmanPaths;
  manifestDir: string;
  /** Environment lines, already rendered (MAILTO first). */
  envLines: readonly string[];
}

let template: Handlebars.TemplateDelegate | undefined;

export interface RenderedCronFile {
  text: string;
  /** The command field of each job, in plan order, for the checks on what cron will read. */
  commands: string[];
}

/** One /etc/cron.d file's text: LF line endings, a final newline, nothing that varies between runs. */
export function renderCronFile(plan: CronFilePlan, context: RenderContext): RenderedCronFile {
  // noEscape: this is not HTML; strict: a missing field is our bug, not an empty string.
  template ??= Handlebars.compile(readAsset('templates/cron.d.hbs'), { noEscape: true, strict: true });
  const commands = plan.jobs.map((planned) => cronCommand(planned, { name: plan.name, group: plan.group, switchman: context.switchman, manifestDir: context.manifestDir }));
  const text = template({
    name: plan.name,
    envLines: context.envLines,
    jobs: plan.jobs.map((planned, i) => ({
      script: planned.job.script,
      line: planned.job.block.span.line,
      // Blanks inside the schedule mean nothing to cron; one space each reads better.
      // Always root: runuser switches to the job's user (see cronCommand).
      cronLine: `${scheduleText(planned.job.time)} root ${commands[i]}`,
    })),
  });
  return { text, commands };
}
