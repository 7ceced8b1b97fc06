/**
 * The five schedule fields: the one table every part of cronpack uses for a
 * field's name, its wording in messages, and its range.
 *
 * Ranges are Debian's cron.h FIRST_/LAST_MINUTE, _HOUR, _DOM, _MONTH, _DOW;
 * names are cron.h MonthNames[] and DowNames[], which entry.c get_number()
 * searches in order (so "Sun" is found first and is always 0).
 */

/** The five fields of a cron schedule, in order. */
export type ScheduleField = 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek';

export interface ScheduleFieldSpec {
  /** The field's key in ScheduleModel. */
  name: ScheduleField;
  /** How messages name the field. */
  label: string;
  /** Smallest value Debian accepts (cron.h FIRST_*). */
  min: number;
  /** Largest value Debian accepts (cron.h LAST_*). */
  max: number;
  /** The names get_number() accepts: index + min is the value. */
  names?: readonly string[];
  /** Which kind of names the field takes, for messages. */
  namesKind?: 'month' | 'day';
}

/** cron.h MonthNames[]: index + FIRST_MONTH (1). */
export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** cron.h DowNames[]: index + FIRST_DOW (0). "Sun" is found first, so it is always 0. */
export const DOW_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The fields in schedule order. */
export const scheduleFieldTable: readonly ScheduleFieldSpec[] = [
  { name: 'minute', label: 'minute', min: 0, max: 59 },
  { name: 'hour', label: 'hour', min: 0, max: 23 },
  { name: 'dayOfMonth', label: 'day-of-month', min: 1, max: 31 },
  { name: 'month', label: 'month', min: 1, max: 12, names: MONTH_NAMES, namesKind: 'month' },
  { name: 'dayOfWeek', label: 'day-of-week', min: 0, max: 7, names: DOW_NAMES, namesKind: 'day' },
];

/** The table keyed by field name. */
export const fieldSpec = Object.fromEntries(scheduleFieldTable.map((f) => [f.name, f])) as Readonly<Record<ScheduleField, ScheduleFieldSpec>>;

/** The field names in schedule order. */
export const scheduleFields: readonly ScheduleField[] = scheduleFieldTable.map((f) => f.name);

/** How messages name each field ("day-of-month"). */
export const fieldLabels = Object.fromEntries(scheduleFieldTable.map((f) => [f.name, f.label])) as Record<ScheduleField, string>;

/** Every value of a field, min to max. */
export function allValues(field: ScheduleField): number[] {
  const { min, max } = fieldSpec[field];
  return Array.from({ length: max - min + 1 }, (_, i) => i + min);
}
