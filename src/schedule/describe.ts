/**
 * English descriptions of what Debian's cron WILL do with a schedule.
 *
 * cronstrue words most of it, but it reads the text the way most docs do,
 * which is not always Debian's reading: it ORs the day fields even when one
 * starts with "*" (Debian ANDs them: "0 0 *\/2 * 1" is odd days that are
 * also Mondays), it describes junk Debian skips ("5#3" as "third Friday"),
 * and describes reversed ranges as if they wrapped around. So we describe a
 * normalized expression built from the parsed model, and word the day rule
 * ourselves whenever both day fields are restricted.
 */
import cronstrue from 'cronstrue';
import { fieldSpec } from './fields.js';
import type { ScheduleField, ScheduleModel } from './model.js';
import { neverRunsReason } from './never-runs.js';
import { describeDayRule, runsOf, sundayFolded } from './day-phrases.js';

/**
 * A cron field that selects exactly `values` (sorted, within low..high), in
 * the shortest readable form cronstrue understands: "*", "*\/15",
 * "5-59/15", or a list of values and ranges.
 */
export function compressField(values: readonly number[], low: number, high: number): string {
  if (values.length === high - low + 1) return '*';
  const first = values[0];
  const second = values[1];
  if (first !== undefined && second !== undefined && values.length >= 3) {
    const step = second - first;
    const isProgression = step >= 2 && values.every((v, i) => v === first + i * step) && values[values.length - 1]! + step > high;
    if (isProgression && first === low) return `*/${step}`;
    if (isProgression) return `${first}-${values[values.length - 1]}/${step}`;
  }
  return runsOf(values)
    .flatMap((run) => (run.length >= 3 ? [`${run[0]}-${run[run.length - 1]}`] : run.map(String)))
    .join(',');
}

/** compressField() over the whole range of a field from the field table. */
function compressed(model: ScheduleModel, field: ScheduleField): string {
  return compressField(model[field], fieldSpec[field].min, fieldSpec[field].max);
}

function cron(expression: string): string {
  return cronstrue.toString(expression, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
}

/**
 * Describes a schedule as Debian's cron reads it. `text` is only used for
 * schedules Debian rejects (model undefined) and for the keyword.
 */
export function describeSchedule(text: string, model: ScheduleModel | undefined): string {
  if (!model) return `Debian's cron rejects "${text.trim()}" and ignores the whole cron.d file`;
  if (model.reboot) return 'At system startup (when cron starts after a boot, not when cron is restarted)';
  const never = neverRunsReason(model);
  if (never !== undefined) return `Never runs: ${never}`;

  const minute = compressed(model, 'minute');
  const hour = compressed(model, 'hour');
  const month = compressed(model, 'month');
  const dowValues = sundayFolded(model.dayOfWeek);
  const domFull = model.dayOfMonth.length === fieldSpec.dayOfMonth.max - fieldSpec.dayOfMonth.min + 1;
  const dowFull = dowValues.length === 7;
  const domEmpty = model.dayOfMonth.length === 0;
  const dowEmpty = dowValues.length === 0;
  const and = model.domStar || model.dowStar;

  let dom: string;
  let dow: string;
  let custom = false;
  if (and) {
    // AND with a full field is just the other field.
    dom = domFull ? '*' : compressed(model, 'dayOfMonth');
    dow = dowFull ? '*' : compressField(dowValues, 0, 6);
    custom = !domFull && !dowFull;
  } else if (domEmpty || dowEmpty) {
    // OR with an empty field is just the other field.
    dom = domEmpty ? '*' : compressed(model, 'dayOfMonth');
    dow = dowEmpty ? '*' : compressField(dowValues, 0, 6);
  } else if (domFull || dowFull) {
    // OR with a full field is every day.
    dom = '*';
    dow = '*';
  } else {
    dom = compressed(model, 'dayOfMonth');
    dow = compressField(dowValues, 0, 6);
    custom = true;
  }

  if (!custom) return cron(`${minute} ${hour} ${dom} ${month} ${dow}`);
  const time = cron(`${minute} ${hour} * * *`);
  const withMonth = cron(`${minute} ${hour} * ${month} *`);
  const monthPart = withMonth.startsWith(time) ? withMonth.slice(time.length) : '';
  return `${time}, ${describeDayRule(model)}${monthPart}`;
}
