import Handlebars from 'handlebars';
import type { CronFilePlan } from '../plan/index.js';
import { cronCommand, type SwitchmanPaths } from './cron-command.js';
import { scheduleText } from '../schedule/schedule-text.js';

/** What a cron.d file depends on besides its jobs: nothing that changes between releases or build machines. */
export interface RenderContext {
  switchman: SwitchmanPaths;
  manifestDir: string;
  /** Environment lines, already rendered (MAILTO first). */
  envLines: readonly string[];
  /** The handlebars source of a cron.d file (templates/cron.d.hbs, read by the caller: render reads no file). */
  template: string;
}

/** Compiled templates by their source: one compilation per template however many files. */
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function compile(source: string): Handlebars.TemplateDelegate {
  let template = compiled.get(source);
  if (template === undefined) {
    // noEscape: this is not HTML; strict: a missing field is our bug, not an empty string.
    template = Handlebars.compile(source, { noEscape: true, strict: true });
    compiled.set(source, template);
  }
  return template;
}

export interface RenderedCronFile {
  text: string;
  /** The command field of each job, in plan order, for the checks on what cron will read. */
  commands: string[];
}

/** One /etc/cron.d file's text: LF line endings, a final newline, nothing that varies between runs. */
export function renderCronFile(plan: CronFilePlan, context: RenderContext): RenderedCronFile {
  const template = compile(context.template);
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
