import type { DataForSpec, PlaceholdersOfSpec } from '../catalogue/message-spec.js';
import type { ScheduleMessageId, scheduleMessages } from '../catalogue/schedule-messages.js';

// The field table (names, labels, ranges) lives in fields.ts.
export type { ScheduleField } from './fields.js';
export { scheduleFields } from './fields.js';

/**
 * A schedule as Debian's cron 3.0pl1-162 stores it after load_entry()
 * (entry.c): one sorted value list per bit string, plus the flags that
 * change how it is matched (cron.h DOM_STAR, DOW_STAR, MIN_STAR, HR_STAR,
 * WHEN_REBOOT).
 */
export interface ScheduleModel {
  /** The @keyword without "@", when the schedule is one (e.g. "daily"). */
  readonly keyword?: string;
  /** @reboot: runs at system startup only; every value list is empty. */
  readonly reboot: boolean;
  /** 0-59 */
  readonly minute: readonly number[];
  /** 0-23 */
  readonly hour: readonly number[];
  /** 1-31 */
  readonly dayOfMonth: readonly number[];
  /** 1-12 */
  readonly month: readonly number[];
  /**
   * 0-7 as Debian stores it: Sunday is NOT folded into one value. entry.c
   * ("make sundays equivilent") sets both bit 0 and bit 7 whenever either is
   * set, so Sunday always appears as both 0 and 7, and never as one alone.
   */
  readonly dayOfWeek: readonly number[];
  /** DOM_STAR: the day-of-month field's first character is "*" (so "*\/2" counts). */
  readonly domStar: boolean;
  /** DOW_STAR: the day-of-week field's first character is "*". */
  readonly dowStar: boolean;
  /**
   * MIN_STAR: the minute field's first character is "*". With hourStar this
   * makes a "wildcard" job for cron.c's clock-change handling (see next-runs.ts).
   */
  readonly minuteStar: boolean;
  /** HR_STAR: the hour field's first character is "*" (also set by @hourly). */
  readonly hourStar: boolean;
}

/**
 * One problem found in a schedule. offset/length are UTF-16 indexes into the
 * schedule text; the caller maps them to file line/column. Wording lives in
 * the catalogue; data fills its {placeholders}: one member per message, so a
 * missing or misspelt placeholder is a compile error.
 */
export type ScheduleReport<Id extends ScheduleMessageId = ScheduleMessageId> = {
  [K in Id]: { messageId: K; offset: number; length: number } & DataForSpec<(typeof scheduleMessages)[K]>;
}[Id];

/** The data a report of `Id` takes, as arguments: none for a message without placeholders. */
export type ScheduleDataArgs<Id extends ScheduleMessageId> = [PlaceholdersOfSpec<(typeof scheduleMessages)[Id]>] extends [never]
  ? []
  : [data: Readonly<Record<PlaceholdersOfSpec<(typeof scheduleMessages)[Id]>, string | number>>];

/** A report of `messageId` at offset/length, with the data its message's placeholders need (checked at compile time). */
export function scheduleReport<Id extends ScheduleMessageId>(messageId: Id, offset: number, length: number, ...data: ScheduleDataArgs<Id>): ScheduleReport {
  // TypeScript cannot follow Id into the union member; the signature checks the caller.
  return (data.length === 0 ? { messageId, offset, length } : { messageId, offset, length, data: data[0] }) as ScheduleReport;
}

export interface ScheduleResult {
  /** Present whenever Debian accepts the schedule (even if misread reports exist). */
  readonly model?: ScheduleModel;
  /** Sorted by offset, then as found. */
  readonly reports: readonly ScheduleReport[];
}

/** Day rule of cron.c find_jobs(): AND when either day field is starred, else OR. */
export function dayMatchOf(model: Pick<ScheduleModel, 'domStar' | 'dowStar'>): 'and' | 'or' {
  return model.domStar || model.dowStar ? 'and' : 'or';
}
