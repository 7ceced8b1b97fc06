// The one view every format draws (terminal, JSON, HTML), so that they cannot disagree: per
// package and in all, the busiest day's starts at each minute of the day, and the figures.
import { busiestDay, type LoadProfile, type StartCounts } from './profile.js';

export interface HeatRow {
  name: string;
  starts: number;
  /** Most starts in one minute. */
  peak: number;
  /** The busiest day's starts at each of the 1,440 minutes. */
  minutes: number[];
}

/** One day of the week: its starts, and the most in one of its minutes. */
export interface DayRow {
  date: string;
  /** Sun, Mon, ... */
  weekday: string;
  starts: number;
  peak: number;
}

export interface LoadView {
  schemaVersion: 1;
  timeZone: string;
  week: string[];
  /** Per day of the week, all packages. */
  days: DayRow[];
  all: HeatRow;
  packages: HeatRow[];
  busiest: LoadProfile['busiest'];
  meanBusy: number;
  minutesUsed: number;
  atReboot: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

function row(name: string, counts: StartCounts): HeatRow {
  const minutes = busiestDay(counts);
  return { name, starts: counts.total, peak: Math.max(0, ...counts.days.flat()), minutes };
}

export function loadView(profile: LoadProfile, timeZone: string): LoadView {
  return {
    schemaVersion: 1,
    timeZone,
    week: profile.week.map((d) => d.iso),
    days: profile.week.map((d, i) => {
      const minutes = profile.all.days[i]!;
      return { date: d.iso, weekday: WEEKDAYS[d.weekday]!, starts: minutes.reduce((a, b) => a + b, 0), peak: Math.max(0, ...minutes) };
    }),
    all: row('all packages', profile.all),
    packages: Object.entries(profile.packages).map(([name, counts]) => row(name, counts)),
    busiest: profile.busiest,
    meanBusy: Math.round(profile.meanBusy * 100) / 100,
    minutesUsed: profile.minutesUsed,
    atReboot: profile.atReboot,
  };
}

/** 0 for none, then 1-4 by the share of the peak: the shade of a cell in every picture. */
export function level(starts: number, peak: number): 0 | 1 | 2 | 3 | 4 {
  if (starts === 0 || peak === 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((starts / peak) * 4))) as 1 | 2 | 3 | 4;
}
