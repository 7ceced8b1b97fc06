/**
 * Whether a schedule Debian accepted can ever run.
 */
import type { ScheduleModel } from './model.js';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const MONTH_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

function joinWith(items: readonly string[], conjunction: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/**
 * Whether some (month, day-of-month) the schedule selects exists in some
 * year (February 29 included). Every such date falls on every weekday
 * within the 400-year Gregorian cycle, and every month has every weekday.
 */
export function hasValidDate(model: Pick<ScheduleModel, 'dayOfMonth' | 'month'>): boolean {
  return model.month.some((mo) => model.dayOfMonth.some((d) => d <= DAYS_IN_MONTH[mo - 1]!));
}

/** Why a schedule Debian accepted can never run, or undefined if it runs. */
export function neverRunsReason(model: ScheduleModel): string | undefined {
  if (model.reboot) return undefined;
  if (model.minute.length === 0) return 'the minute field selects nothing';
  if (model.hour.length === 0) return 'the hour field selects nothing';
  if (model.month.length === 0) return 'the month field selects nothing';
  const and = model.domStar || model.dowStar;
  if (and && model.dayOfWeek.length === 0) return 'the day-of-week field selects nothing';
  if (!and && model.dayOfWeek.length > 0) return undefined;
  if (model.dayOfMonth.length === 0) {
    return and ? 'the day-of-month field selects nothing' : 'neither day field selects a day';
  }
  if (hasValidDate(model)) return undefined;
  const days = model.dayOfMonth.length === 1 ? `day ${model.dayOfMonth[0]}` : `days ${joinWith(model.dayOfMonth.map(String), 'or')}`;
  const months = joinWith(MONTH_LONG.filter((_, i) => model.month.includes(i + 1)), 'and');
  return `${months} ${model.month.length === 1 ? 'has' : 'have'} no ${days}`;
}

