/**
 * The Description of each package: a synopsis and paragraphs about what it
 * installs, with the jobs of a cron package listed in words. Pure.
 */
import type { CronpackConfig } from '../config/config-types.js';
import type { CronFilePlan } from '../plan/plan-cron-files.js';
import { describeSchedule, parseSchedule } from '../schedule/index.js';
import { wrapWords, type PackageDescription } from './control.js';

/** "At 15 minutes past the hour" → "at 15 minutes past the hour". */
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
/** "1 job", "3 jobs". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A verbatim list item, wrapped: "- first line", continuation lines indented by two. */
function listItem(text: string): string[] {
  return wrapWords(text, maxItemWidth).map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`));
}
/** Verbatim description lines get two leading blanks; with "- " that leaves 76 of lintian's 80 columns. */
const maxItemWidth = 76;
/** Longer job lists are cut: the cron.d file is the full list. */
const maxListedJobs = 40;

/** The jobs of a cron.d file in words: one item per script, schedule and user (shards and repeated params counted). */
export function describeJobs(file: CronFilePlan): string[] {
  const groups = new Map<string, { script: string; time: string; user: string; count: number; shards?: number }>();
  for (const planned of file.jobs) {
    const key = [planned.job.script, planned.job.time, planned.user].join('\0');
    const group = groups.get(key) ?? { script: planned.job.script, time: planned.job.time, user: planned.user, count: 0 };
    group.count++;
    if (planned.job.shard) group.shards = planned.job.shard.mod;
    groups.set(key, group);
  }
  const items = [...groups.values()];
  const lines = items.slice(0, maxListedJobs).flatMap((group) => {
    const count = group.shards !== undefined && group.count === group.shards ? ` (${group.shards} shards)` : group.count > 1 ? ` (${group.count} jobs)` : '';
    const when = lowerFirst(describeSchedule(group.time, parseSchedule(group.time).model));
    return listItem(`${group.script}${count}, as ${group.user}: ${when}`);
  });
  if (items.length > maxListedJobs) lines.push(...listItem(`and ${items.length - maxListedJobs} more (see /etc/cron.d/${file.name})`));
  return lines;
}

/** "a", "a and b", "a, b and c". */
function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The synopsis, cut to a fallback when a long group name would make it too long for lintian. */
function synopsisFor(text: string, fallback: string): string {
  return text.length <= 80 ? text : fallback;
}

/** The cron package of one cron.d file. */
export function cronDescription(file: CronFilePlan, config: CronpackConfig, scriptsPackage: string, installDir: string): PackageDescription {
  const jobs = plural(file.jobs.length, 'job');
  return {
    synopsis: synopsisFor(`${config.prefix} cron jobs of group ${file.group}`, `${config.prefix} cron jobs`),
    paragraphs: [
      { text: config.package.description },
      {
        text:
          `This package installs /etc/cron.d/${file.name}: ${jobs} that cron starts through switchman, ` +
          `which runs each on one allowed host of group ${file.group} at a time. ` +
          `The scripts come from the ${scriptsPackage} package, in ${installDir}.`,
      },
      { verbatim: describeJobs(file) },
    ],
  };
}

/** The empty package that retires a group gone from the repository. */
export function retiredDescription(config: CronpackConfig, group: string, name: string): PackageDescription {
  return {
    synopsis: `transitional package retiring the ${config.prefix} cron jobs of group ${group}`,
    paragraphs: [
      { text: config.package.description },
      {
        text:
          `The cron jobs of group ${group} are gone from the ${config.prefix} repository. ` +
          `Installing this empty package over ${name} removes /etc/cron.d/${name} and its jobs manifest, ` +
          'so no line of the group stays active; jobs that moved to another group run only there. It can be removed safely.',
      },
    ],
  };
}

/** The package of the repository's files. */
export function scriptsDescription(config: CronpackConfig, scriptCount: number, cronPackages: readonly string[], installDir: string): PackageDescription {
  return {
    synopsis: `scripts run by the ${config.prefix} cron jobs`,
    paragraphs: [
      { text: config.package.description },
      {
        text:
          `This package installs the ${plural(scriptCount, 'file')} of the ${config.prefix} scripts repository ` +
          `in ${installDir}, with the modes the repository gives them. ` +
          `The cron ${cronPackages.length === 1 ? 'package' : 'packages'} ${joinAnd(cronPackages)} run them through switchman.`,
      },
    ],
  };
}
