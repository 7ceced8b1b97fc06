/**
 * Findings about a schedule as a whole, for a schedule Debian 12's cron
 * accepted: fields that select nothing, day-of-month/day-of-week
 * combinations that never match, and the day rule of cron.c find_jobs()
 * (cron.c:345-350: AND when either day field starts with "*", else OR)
 * where it is easy to misread.
 */
import type { Token } from './c-text.js';
import { describeDayRule } from './day-phrases.js';
import { fieldSpec, scheduleFieldTable } from './fields.js';
import type { ScheduleMessageId } from '../catalogue/schedule-messages.js';
import { scheduleReport, type ScheduleDataArgs, type ScheduleModel, type ScheduleReport } from './model.js';
import { neverRunsReason } from './never-runs.js';

/** Reports for the whole of `model`, placed on the five field tokens it was read from. */
export function scheduleLints(model: ScheduleModel, tokens: readonly Token[]): ScheduleReport[] {
  const out: ScheduleReport[] = [];
  const at = <Id extends ScheduleMessageId>(k: number, messageId: Id, ...data: ScheduleDataArgs<Id>): void => {
    const t = tokens[k]!;
    out.push(scheduleReport(messageId, t.offset, t.text.length, ...data));
  };
  const dom = fieldSpec.dayOfMonth.label;
  const dowLabel = fieldSpec.dayOfWeek.label;
  let explained = false;
  for (const k of [0, 1, 3]) {
    const field = scheduleFieldTable[k]!;
    if (model[field.name].length === 0) {
      at(k, 'fieldSelectsNothing', { field: field.label });
      explained = true;
    }
  }
  const and = model.domStar || model.dowStar;
  const domEmpty = model.dayOfMonth.length === 0;
  const dowEmpty = model.dayOfWeek.length === 0;
  const domFull = model.dayOfMonth.length === fieldSpec.dayOfMonth.max - fieldSpec.dayOfMonth.min + 1;
  const dowFull = model.dayOfWeek.length === fieldSpec.dayOfWeek.max - fieldSpec.dayOfWeek.min + 1;
  if (and || (domEmpty && dowEmpty)) {
    if (domEmpty) at(2, 'fieldSelectsNothing', { field: dom });
    if (dowEmpty) at(4, 'fieldSelectsNothing', { field: dowLabel });
    if (domEmpty || dowEmpty) explained = true;
  } else if (domEmpty) {
    at(2, 'dayFieldSelectsNothing', { field: dom, other: dowLabel });
  } else if (dowEmpty) {
    at(4, 'dayFieldSelectsNothing', { field: dowLabel, other: dom });
  }
  if (!explained) {
    const reason = neverRunsReason(model);
    if (reason !== undefined) {
      const start = tokens[2]!.offset;
      const end = tokens[3]!.offset + tokens[3]!.text.length;
      out.push({ messageId: 'neverRuns', offset: start, length: end - start, data: { reason } });
      explained = true;
    }
  }
  if (!explained && !domEmpty && !dowEmpty) {
    if (and && !domFull && !dowFull) {
      const k = model.domStar ? 2 : 4;
      at(k, 'starStepDayRule', { field: k === 2 ? dom : dowLabel, description: describeDayRule(model) });
    } else if (!and && domFull !== dowFull) {
      if (domFull) at(2, 'dayFieldSelectsEveryDay', { field: dom, other: dowLabel });
      else at(4, 'dayFieldSelectsEveryDay', { field: dowLabel, other: dom });
    }
  }
  return out;
}
