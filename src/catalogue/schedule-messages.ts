// Over 300 lines on purpose: a table, one entry per schedule code (as catalogue/messages.ts).
/* eslint-disable max-lines -- a table, as said above */
import { fillTemplate } from './message-spec.js';
import type { MessageSpec } from './message-spec.js';

/**
 * Schedule diagnostics (CP24xx); merged into the one catalogue in catalogue/messages.ts.
 *
 * Two families, both checked against Debian 12's cron 3.0pl1-162 (entry.c,
 * env.c, cron.c):
 * - CP2401-CP2417: schedules Debian rejects. One such line makes Debian
 *   ignore the WHOLE /etc/cron.d file, so every job in it stops running.
 * - CP2420-CP2428: schedules Debian accepts but reads differently from what
 *   is written (see scheduleMisreadIds).
 * Placeholders ({name}) are filled from ScheduleReport.data by formatScheduleReport().
 */
export const scheduleMessages = {
  // --- Debian rejects the line (and with it the whole cron.d file)
  emptySchedule: {
    code: 'CP2401',
    severity: 'error',
    title: 'Empty schedule',
    text: 'The schedule is empty.',
    hint: 'Debian would read the user name as the minute field and ignore the whole cron.d file. Write five fields, e.g. "0 3 * * *", or a keyword such as "@daily".',
  },
  readAsComment: {
    code: 'CP2402',
    severity: 'error',
    title: 'Schedule starts with "#"',
    text: 'The schedule starts with "#", so Debian reads the whole cron.d line as a comment.',
    hint: 'Debian skips the line and the job never runs. Remove the "#"; to disable a job, remove its <crontab> block instead.',
  },
  readAsVariable: {
    code: 'CP2403',
    severity: 'error',
    title: 'Schedule is read as a variable',
    text: 'Because of this "=", Debian reads the whole cron.d line as the environment setting "{name}=...", not as a job.',
    hint: 'Debian sets a variable for the lines below and never runs this job. A schedule has no "="; write five fields such as "*/5 * * * *".',
  },
  lineBreak: {
    code: 'CP2404',
    severity: 'error',
    title: 'Line break in schedule',
    text: 'The schedule contains a line break.',
    hint: 'Debian would read the text after it as a separate, broken line and ignore the whole cron.d file. Write the schedule on one line.',
  },
  missingFields: {
    code: 'CP2405',
    severity: 'error',
    title: 'Too few schedule fields',
    text: 'The schedule has {count} field(s); Debian needs five (minute hour day-of-month month day-of-week) or one @keyword.',
    hint: 'Debian would read the user name as the {next} field and ignore the whole cron.d file. Add the missing fields, e.g. "{example}".',
  },
  extraFields: {
    code: 'CP2406',
    severity: 'error',
    title: 'Too many schedule fields',
    text: 'Unexpected "{extra}" after {after}; Debian reads it as the user name.',
    hint: 'Debian then ignores the whole cron.d file (no such user) or runs the wrong command as the wrong user. Remove it: Debian has no seconds or year field, and a @keyword stands alone.',
  },
  unknownKeyword: {
    code: 'CP2407',
    severity: 'error',
    title: 'Unknown @keyword',
    text: 'Unknown keyword "@{keyword}".',
    hint: 'Debian ignores the whole cron.d file. Keywords are lower case: @reboot, @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly{suggestion}.',
  },
  outOfRange: {
    code: 'CP2408',
    severity: 'error',
    title: 'Value out of range',
    text: '{value} is out of range for the {field} field ({min}-{max}).',
    hint: 'Debian ignores the whole cron.d file. Use values from {min} to {max}{extra}.',
  },
  numberTooLarge: {
    code: 'CP2409',
    severity: 'error',
    title: 'Number too large',
    text: 'Number {word} is too large for Debian\'s parser.',
    hint: 'Debian ignores the whole cron.d file. Use a number from {min} to {max}.',
  },
  stepWithoutRange: {
    code: 'CP2410',
    severity: 'error',
    title: 'Step after a single value',
    text: 'Step "/{step}" after the single value "{value}"; Debian accepts a step only after "*" or a range.',
    hint: 'Debian ignores the whole cron.d file. Write "{value}-{max}/{step}" to start at {value}, or "*/{step}".',
  },
  stepZero: {
    code: 'CP2411',
    severity: 'error',
    title: 'Step of zero',
    text: 'A step of 0 is not allowed.',
    hint: 'Debian ignores the whole cron.d file. Use a step of 1 or more, e.g. "*/5".',
  },
  nameAsStep: {
    code: 'CP2412',
    severity: 'error',
    title: 'Name used as a step',
    text: 'Step "{word}" is a name; a step must be a number.',
    hint: 'Debian ignores the whole cron.d file. Write the step as a number, e.g. "*/2".',
  },
  nameNotAllowed: {
    code: 'CP2413',
    severity: 'error',
    title: 'Name in the wrong field',
    text: '"{word}" is a {kind} name, but the {field} field takes {accepts}.',
    hint: 'Debian ignores the whole cron.d file. Month names (jan-dec) work only in the month field and day names (sun-sat) only in the day-of-week field; write a number from {min} to {max}.',
  },
  unknownName: {
    code: 'CP2414',
    severity: 'error',
    title: 'Unknown name',
    text: '"{word}" is not a number or a {field} name.',
    hint: 'Debian ignores the whole cron.d file. {advice}',
  },
  notANumber: {
    code: 'CP2415',
    severity: 'error',
    title: 'Not a number',
    text: '"{word}" is not a number; the {field} field takes numbers only.',
    hint: 'Debian ignores the whole cron.d file. {advice}',
  },
  emptyListItem: {
    code: 'CP2416',
    severity: 'error',
    title: 'Empty list item',
    text: 'Empty item in the {field} list.',
    hint: 'Debian ignores the whole cron.d file. Remove the extra "," or put a value between the commas, with no blanks.',
  },
  expectedNumber: {
    code: 'CP2417',
    severity: 'error',
    title: 'Number expected',
    text: 'Expected {expected} in the {field} field, found {found}.',
    hint: 'Debian ignores the whole cron.d file. {advice}',
  },

  // --- Debian accepts the line but reads it differently from what is written
  skippedCharacters: {
    code: 'CP2420',
    severity: 'error',
    title: 'Characters Debian ignores',
    text: 'Debian ignores "{skipped}" and reads this {field} field as "{reads}".',
    hint: 'Debian accepts the line but drops everything from the first character it does not understand to the next blank. Write "{reads}" if that is what you mean; Debian has no "#", "L", "W" or "?" syntax.',
  },
  numberWraps: {
    code: 'CP2421',
    severity: 'error',
    title: 'Number wraps around',
    text: 'Debian\'s parser reads {word} as {value}.',
    hint: 'Debian accepts the line but uses {value}: the number overflows its 32-bit integer. Write {value} if that is what you mean.',
  },
  reversedRange: {
    code: 'CP2422',
    severity: 'error',
    title: 'Reversed range',
    text: 'Range "{range}" runs backwards; Debian selects nothing for it.',
    hint: 'Debian accepts the line but this range never matches: ranges do not wrap around{sunday}. Write {suggestion}.',
  },
  fieldSelectsNothing: {
    code: 'CP2423',
    severity: 'error',
    title: 'Field selects nothing',
    text: 'The {field} field selects no value, so the job never runs.',
    hint: 'Debian accepts the line but never starts the job. Fix the ranges in this field (the smaller number goes first), or remove the block if the job is retired.',
  },
  dayFieldSelectsNothing: {
    code: 'CP2424',
    severity: 'error',
    title: 'Day field selects nothing',
    text: 'The {field} field selects no day, so Debian runs the job on every day the {other} field selects.',
    hint: 'Debian accepts the line; when neither day field starts with "*" it runs on days matching either field, and this one matches none. Fix its ranges, or write "*" here to run only on the {other} days.',
  },
  neverRuns: {
    code: 'CP2425',
    severity: 'error',
    title: 'Schedule never runs',
    text: 'This schedule never runs: {reason}.',
    hint: 'Debian accepts the line but never starts the job. Choose days that exist in the chosen months; Debian has no "last day of the month" syntax, so run on days 28-31 and let the script check the date.',
  },
  stepLargerThanRange: {
    code: 'CP2426',
    severity: 'warning',
    title: 'Step larger than its range',
    text: 'Step {step} is larger than the range {range}, so only {first} is selected.',
    hint: 'Debian selects just the first value; a step does not carry over into the next hour, day or month (e.g. "*/90" minutes is not every 90 minutes). Write "{first}" if that is what you mean.',
  },
  starStepDayRule: {
    code: 'CP2427',
    severity: 'warning',
    title: 'Day fields are combined with AND',
    text: 'The {field} field starts with "*", so Debian runs the job only on days that match both day fields ({description}).',
    hint: 'Debian combines the day fields with AND as soon as either starts with "*" (so "*/2" counts as "*"); cron-parser, cronstrue and crontab.guru read it as OR. To run on days matching either field, write the days without "*" (e.g. "1-31/2").',
  },
  dayFieldSelectsEveryDay: {
    code: 'CP2428',
    severity: 'warning',
    title: 'Day field selects every day',
    text: 'The {field} field selects every day but does not start with "*", so Debian runs the job every day, whatever the {other} field says.',
    hint: 'Debian combines the day fields with OR when neither starts with "*". Write "*" in the {field} field to run only on the days the {other} field selects.',
  },
  // --- cronpack's H (a hash of the lock name), resolved by build into plain Debian syntax
  hashTerm: {
    code: 'CP2430',
    severity: 'error',
    title: 'Unreadable H term',
    text: 'Cannot read "{term}" as an H term.',
    hint: 'Write H (one value chosen by the job\'s lock name), H/STEP, H(LOW-HIGH) or H(LOW-HIGH)/STEP, e.g. "H/15" or "H(0-29)"; each H stands alone between commas.',
  },
  hashRange: {
    code: 'CP2431',
    severity: 'error',
    title: 'H range out of bounds',
    text: 'The range {low}-{high} of "{term}" is not within the {field} field\'s {min}-{max}, smaller number first.',
    hint: 'Write H({min}-{max}) or a part of it, e.g. "H({min}-{example})".',
  },
  hashStep: {
    code: 'CP2432',
    severity: 'error',
    title: 'H step out of bounds',
    text: 'The step {step} of "{term}" must be from 1 to {span}, the size of its range.',
    hint: 'A step of {span} or more picks one value: write "{base}" (H without a step) for that.',
  },
  hashInKeyword: {
    code: 'CP2433',
    severity: 'error',
    title: 'H needs five fields',
    text: 'H can only stand in one of five schedule fields, not in "{found}".',
    hint: 'Write five fields, e.g. "H H * * *" for once a day at a time chosen by the job\'s lock name.',
  },
} as const satisfies Record<string, MessageSpec>;

export type ScheduleMessageId = keyof typeof scheduleMessages;

/** The ids of cronpack's own H syntax (CP2430 on): errors before Debian's reader is asked. */
export const scheduleHashIds: ReadonlySet<ScheduleMessageId> = new Set<ScheduleMessageId>(['hashTerm', 'hashRange', 'hashStep', 'hashInKeyword']);

/**
 * The message ids for schedules Debian ACCEPTS but reads differently from
 * what is written. When Debian accepts a schedule, every report has one of
 * these ids; every other id means Debian rejects the line.
 */
export const scheduleMisreadIds: ReadonlySet<ScheduleMessageId> = new Set<ScheduleMessageId>([
  'skippedCharacters',
  'numberWraps',
  'reversedRange',
  'fieldSelectsNothing',
  'dayFieldSelectsNothing',
  'neverRuns',
  'stepLargerThanRange',
  'starStepDayRule',
  'dayFieldSelectsEveryDay',
]);

/**
 * Phrases that fill one placeholder of a message above ({advice}, {expected},
 * {found}, {suggestion}, {sunday}, {extra}, {accepts}, {after}, {field}).
 * Detection code picks a phrase by id and gives its values; schedulePhrase()
 * fills them in, so every word a user reads is in this file.
 */
export const schedulePhrases = {
  // unknownKeyword {suggestion}
  keywordInLowerCase: '; write "@{keyword}"',
  // extraFields {after}
  afterKeyword: '"{keyword}"',
  afterFiveFields: 'the five schedule fields',
  // outOfRange {extra}
  sundayIsBoth: ' (0 and 7 are both Sunday)',
  // reversedRange {sunday} and {suggestion}
  sundayIsZero: ' and "sun" is 0, not 7',
  reversedToSunday: '"{from}-7{step}" (Sunday is also 7)',
  reversedWeek: '"{to}-{from}{step}" for {to} to {from}, or "{from}-6,{tail}" to wrap around the week',
  reversedRange: '"{to}-{from}{step}" for {to} to {from}, or "{from}-{max},{tail}" to wrap around',
  // nameNotAllowed {accepts}
  acceptsMonthNames: 'numbers and month names',
  acceptsDayNames: 'numbers and day names',
  acceptsNumbersOnly: 'numbers only',
  // notANumber {field} for a step
  stepOfField: '{field} step',
  // expectedNumber {expected} and {found}
  expectStep: 'a step number after "/"',
  expectRangeEndOrName: 'a number or name after "-"',
  expectRangeEnd: 'a number after "-"',
  expectValueOrName: 'a number, a name or "*"',
  expectValue: 'a number or "*"',
  foundEndOfField: 'the end of the field',
  foundCharacter: '"{character}"',
  // expectedNumber, notANumber and unknownName {advice}
  adviceNoQuestionMark: 'Debian has no "?"; write "*" for "every".',
  adviceNoOpenRange: 'Debian has no negative values or open ranges; write both ends, e.g. "{min}-{example}".',
  adviceRangeBothEnds: 'Write both ends of the range, e.g. "{min}-{max}".',
  adviceStepAfterSlash: 'Write the step as a number right after "/", e.g. "*/5".',
  adviceStepPlainNumber: 'Write the step as a plain number, e.g. "*/5".',
  adviceValueOrName: 'Write a number from {min} to {max}, a three-letter name or "*".',
  adviceValue: 'Write a number from {min} to {max} or "*".',
  adviceNoLast: 'Debian has no "L" (last) syntax; list the days you mean, or run on days 28-31 and let the script check the date.',
  adviceNoNearestWeekday: 'Debian has no "W" (nearest weekday) syntax; list the days you mean.',
  adviceNoHash: 'Debian has no "H" (hashed) syntax; pick a fixed value.',
  adviceShortName: 'Debian knows only the three-letter names {names} (any case); write "{name}".',
  adviceKnownNames: 'Debian knows only the three-letter names {names} (any case) and the numbers {min}-{max}.',
  adviceLettersAfterNumber: 'Letters cannot follow a number; write a number from {min} to {max}.',
  adviceNumberOrStar: 'Write a number from {min} to {max}, or "*".',
} as const satisfies Record<string, string>;

export type SchedulePhraseId = keyof typeof schedulePhrases;

/** The phrase with its {placeholders} filled from `data`; a missing value is a bug. */
export function schedulePhrase(id: SchedulePhraseId, data: Readonly<Record<string, string | number>> = {}): string {
  return fillTemplate(schedulePhrases[id], data, (name) => new Error(`schedule phrase ${id} needs "${name}"`));
}
