/**
 * English wording of Debian's day rule (cron.c find_jobs(): AND when either
 * day field starts with "*", else OR), shared by describe.ts and the
 * starStepDayRule report.
 */
import type { ScheduleModel } from './model.js';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function joinWith(items: readonly string[], conjunction: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Consecutive runs: [[1,2,3],[7],[9,10]]. */
export function runsOf(values: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const v of values) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === v - 1) run.push(v);
    else runs.push([v]);
  }
  return runs;
}

/** Day-of-week values 0-6, Sunday once (Debian stores it as 0 and 7). */
export function sundayFolded(dayOfWeek: readonly number[]): number[] {
  return [...new Set(dayOfWeek.map((d) => (d === 7 ? 0 : d)))].sort((a, b) => a - b);
}

export function dayOfMonthText(values: readonly number[]): string {
  const odd = Array.from({ length: 16 }, (_, i) => 2 * i + 1);
  const even = Array.from({ length: 15 }, (_, i) => 2 * i + 2);
  if (values.length === odd.length && values.every((v, i) => v === odd[i])) return 'odd-numbered days of the month';
  if (values.length === even.length && values.every((v, i) => v === even[i])) return 'even-numbered days of the month';
  if (values.length === 1) return `day ${values[0]} of the month`;
  const parts = runsOf(values).flatMap((run) => (run.length >= 3 ? [`${run[0]} to ${run[run.length - 1]}`] : run.map(String)));
  return `days ${joinWith(parts, 'and')} of the month`;
}

export function dayOfWeekText(values: readonly number[], conjunction: 'or' | 'and'): string {
  const parts = runsOf(values).flatMap((run) =>
    run.length >= 3 ? [`${DAY_NAMES[run[0]!]} through ${DAY_NAMES[run[run.length - 1]!]}`] : run.map((d) => DAY_NAMES[d]!),
  );
  return joinWith(parts, conjunction);
}

/**
 * The day part of a schedule whose two day fields are both restricted:
 * "on odd-numbered days of the month that are also a Monday" (AND) or
 * "on day 1 of the month and on every Monday" (OR).
 */
export function describeDayRule(model: Pick<ScheduleModel, 'dayOfMonth' | 'dayOfWeek' | 'domStar' | 'dowStar'>): string {
  const dom = dayOfMonthText(model.dayOfMonth);
  const dow = sundayFolded(model.dayOfWeek);
  if (model.domStar || model.dowStar) return `on ${dom} that are also a ${dayOfWeekText(dow, 'or')}`;
  return `on ${dom} and on every ${dayOfWeekText(dow, 'and')}`;
}
