// The :00 herd, as check sees it: for each package, the most of its jobs that start in one
// minute of one day. The days are those of a reference month that holds every day of the month
// and every weekday (January 2024, which starts on a Monday), with the month field not asked:
// the busiest minute the schedules allow, whatever the date. Jobs with the same schedule are
// counted once with their number, so thousands of "0 * * * *" jobs cost one pass: parsing is
// memoised, so one schedule is one model object, and the model is the key.
import type { LoadJob } from './profile.js';
import { MINUTES_PER_DAY, hhmm, runsOn, startsAt } from './profile.js';
import type { LocalDate } from './week.js';

const REFERENCE_DAYS: readonly LocalDate[] = Array.from({ length: 31 }, (_, i) => ({
  year: 2024,
  month: 1,
  day: i + 1,
  weekday: (i + 1) % 7,
  iso: `2024-01-${String(i + 1).padStart(2, '0')}`,
}));

export interface PackagePeak {
  package: string;
  starts: number;
  /** HH:MM, the time of day of the busiest minute. */
  time: string;
  /** The jobs that start then, in the order given. */
  jobs: LoadJob[];
}

/** Each package's busiest minute when it holds more than `max` starts; [] when none does. */
export function packagePeaks(jobs: readonly LoadJob[], max: number): PackagePeak[] {
  const byPackage = new Map<string, { count: number; schedules: Map<LoadJob['model'], LoadJob[]> }>();
  for (const job of jobs) {
    if (job.model.reboot) continue;
    let entry = byPackage.get(job.package);
    if (entry === undefined) byPackage.set(job.package, (entry = { count: 0, schedules: new Map() }));
    entry.count++;
    entry.schedules.get(job.model)?.push(job) ?? entry.schedules.set(job.model, [job]);
  }
  const peaks: PackagePeak[] = [];
  for (const [pkg, { count, schedules }] of byPackage) {
    // A package cannot start more than it has: most never come near the limit.
    if (count <= max) continue;
    // A schedule starts at the same minutes on every day it runs: its minutes are counted once,
    // with the others that run on the same reference days (a few sets of days, against thousands
    // of schedules). Days that lie in the same sets have the same counts: the first is enough.
    const byDays = new Map<number, Int32Array>();
    for (const list of schedules.values()) {
      const model = list[0]!.model;
      let days = 0;
      REFERENCE_DAYS.forEach((date, d) => {
        if (runsOn(model, date, true)) days |= 1 << d;
      });
      if (days === 0) continue;
      let day = byDays.get(days);
      if (day === undefined) byDays.set(days, (day = new Int32Array(MINUTES_PER_DAY)));
      for (const hour of model.hour) for (const minute of model.minute) day[hour * 60 + minute]! += list.length;
    }
    let best = { starts: 0, d: 0, m: 0 };
    const seen = new Set<string>();
    for (let d = 0; d < REFERENCE_DAYS.length; d++) {
      const sets = [...byDays.keys()].filter((days) => (days & (1 << d)) !== 0);
      const signature = sets.join(',');
      if (seen.has(signature)) continue;
      seen.add(signature);
      const sum = new Int32Array(MINUTES_PER_DAY);
      for (const days of sets) {
        const day = byDays.get(days)!;
        for (let m = 0; m < MINUTES_PER_DAY; m++) sum[m]! += day[m]!;
      }
      for (let m = 0; m < MINUTES_PER_DAY; m++) if (sum[m]! > best.starts) best = { starts: sum[m]!, d, m };
    }
    if (best.starts <= max) continue;
    const date = REFERENCE_DAYS[best.d]!;
    const m = best.m;
    const starting = [...schedules.values()].flat().filter((job) => startsAt(job.model, date, m, true));
    peaks.push({ package: pkg, starts: best.starts, time: hhmm(m), jobs: starting });
  }
  return peaks.sort((a, b) => (a.package < b.package ? -1 : a.package > b.package ? 1 : 0));
}
