// When the jobs start: per minute of each day of a week, per package and in all. A job starts at
// every minute and hour of its schedule on each day its day rule lets it run (cron.c's
// find_jobs: day of month and day of week ANDed when either is "*", else ORed). Wall-clock
// minutes: a daylight-saving change's missing or doubled hour is not modelled.
import { dayMatchOf } from '../schedule/model.js';
import type { ScheduleModel } from '../schedule/model.js';
import type { LocalDate } from './week.js';

export const MINUTES_PER_DAY = 1440;

export interface LoadJob {
  package: string;
  /** Where the job is declared, to name it: "bin/report.pl:12". */
  where: string;
  model: ScheduleModel;
}

/** Starts in each minute of each day: `days[d][hour * 60 + minute]`. */
export interface StartCounts {
  days: number[][];
  total: number;
}

export interface BusyMinute {
  date: string;
  /** HH:MM */
  time: string;
  starts: number;
  /** Where the jobs that start then are declared (all of them). */
  jobs: string[];
}

export interface LoadProfile {
  week: LocalDate[];
  all: StartCounts;
  packages: Record<string, StartCounts>;
  /** The most starts in one minute of the week, and the minutes that have them (busiest first, at most `top`). */
  peak: number;
  busiest: BusyMinute[];
  /** Starts per minute of the week, on average over the minutes that have any. */
  meanBusy: number;
  /** How many of the day's 1,440 minutes have a start on some day of the week. */
  minutesUsed: number;
  /** @reboot jobs: they start with the box, not in any minute. */
  atReboot: number;
}

/** Whether cron starts the job on that date (with `anyMonth`, whatever the month field says). */
export function runsOn(model: ScheduleModel, date: LocalDate, anyMonth = false): boolean {
  if (!anyMonth && !model.month.includes(date.month)) return false;
  const dom = model.dayOfMonth.includes(date.day);
  // Sunday is stored as both 0 and 7 (entry.c), so the weekday 0-6 is always found.
  const dow = model.dayOfWeek.includes(date.weekday);
  return dayMatchOf(model) === 'and' ? dom && dow : dom || dow;
}

function emptyCounts(days: number): StartCounts {
  return { days: Array.from({ length: days }, () => new Array<number>(MINUTES_PER_DAY).fill(0)), total: 0 };
}

/** HH:MM of a minute of the day. */
export const hhmm = (minuteOfDay: number): string => `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

/** Whether cron starts the job at that minute of that date. */
export function startsAt(model: ScheduleModel, date: LocalDate, minuteOfDay: number, anyMonth = false): boolean {
  return !model.reboot && runsOn(model, date, anyMonth) && model.hour.includes(Math.floor(minuteOfDay / 60)) && model.minute.includes(minuteOfDay % 60);
}

export function loadProfile(jobs: readonly LoadJob[], week: readonly LocalDate[], top = 10): LoadProfile {
  const all = emptyCounts(week.length);
  const packages: Record<string, StartCounts> = {};
  /** Which jobs start in a minute of the week (d * 1440 + m), for the busiest minutes only: filled in a second pass. */
  let atReboot = 0;
  for (const job of jobs) {
    if (job.model.reboot) {
      atReboot++;
      continue;
    }
    const own = (packages[job.package] ??= emptyCounts(week.length));
    week.forEach((date, d) => {
      if (!runsOn(job.model, date)) return;
      for (const hour of job.model.hour) {
        for (const minute of job.model.minute) {
          const m = hour * 60 + minute;
          all.days[d]![m]!++;
          own.days[d]![m]!++;
          all.total++;
          own.total++;
        }
      }
    });
  }
  const minutes: Array<{ d: number; m: number; starts: number }> = [];
  all.days.forEach((counts, d) => counts.forEach((starts, m) => starts > 0 && minutes.push({ d, m, starts })));
  // Busiest first; ties in time order, so the output is the same on every run.
  minutes.sort((a, b) => b.starts - a.starts || a.d - b.d || a.m - b.m);
  const busiest = minutes.slice(0, top).map(({ d, m, starts }) => ({
    date: week[d]!.iso,
    time: hhmm(m),
    starts,
    jobs: jobs.filter((job) => startsAt(job.model, week[d]!, m)).map((job) => job.where),
  }));
  const used = new Set(minutes.map(({ m }) => m));
  return {
    week: [...week],
    all,
    packages: Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    peak: minutes[0]?.starts ?? 0,
    busiest,
    meanBusy: minutes.length === 0 ? 0 : all.total / minutes.length,
    minutesUsed: used.size,
    atReboot,
  };
}

/** The busiest day's count at each minute of the day: the row the heat pictures draw. */
export function busiestDay(counts: StartCounts): number[] {
  return Array.from({ length: MINUTES_PER_DAY }, (_, m) => Math.max(...counts.days.map((day) => day[m]!)));
}
