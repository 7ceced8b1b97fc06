// The week a load profile covers: seven local calendar days in the boxes' time zone, from the
// local date of a given instant. Calendar arithmetic on (year, month, day) is done in UTC, where
// every day has 24 hours; the zone only decides which date "now" is.
import { offsetAt } from '../schedule/zone.js';

export interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** 0 (Sunday) to 6, as cron counts. */
  weekday: number;
  /** YYYY-MM-DD */
  iso: string;
}

const DAY_MS = 86_400_000;

function localDate(utcMidnightMs: number): LocalDate {
  const date = new Date(utcMidnightMs);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    iso: date.toISOString().slice(0, 10),
  };
}

/** Seven local dates from the one `now` falls on in `timeZone`. */
export function weekFrom(now: Date, timeZone: string): LocalDate[] {
  const wall = now.getTime() + offsetAt(timeZone, now.getTime());
  const first = Math.floor(wall / DAY_MS) * DAY_MS;
  return Array.from({ length: 7 }, (_, i) => localDate(first + i * DAY_MS));
}
