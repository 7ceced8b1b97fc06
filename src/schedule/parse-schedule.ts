/**
 * Reads the `time:` schedule the way Debian 12's cron 3.0pl1-162 reads the
 * start of an /etc/cron.d line, step by step:
 *
 *   misc.c skip_comments(): blank and "#" lines are skipped (here, below).
 *   user.c load_user():     load_env() first; only if that says "not an
 *                           environment setting" is the line a job entry.
 *   env.c load_env():       load-env.ts.
 *   entry.c load_entry():   "@keyword" (keywords.ts) or five get_list()
 *                           calls (scan-fields.ts), then the user name and
 *                           the command.
 * then the whole-schedule findings of schedule-lints.ts. The field table is
 * fields.ts; every word a user reads is in messages.ts.
 *
 * cron-parser is deliberately not used here: it accepts seconds, L, W, #,
 * ?, H, and "5/10", rejects what Debian accepts (reversed ranges, trailing
 * junk) and ORs the day fields differently. Checked against Debian's own
 * code by test/schedule/oracle-diff.test.ts.
 */
import { isBlank, tokenize } from './c-text.js';
import { fieldLabels, scheduleFieldTable, scheduleFields } from './fields.js';
import { extraFieldsReport, parseKeyword } from './keywords.js';
import { loadEnv } from './load-env.js';
import { schedulePhrase } from '../catalogue/schedule-messages.js';
import type { ScheduleModel, ScheduleReport, ScheduleResult } from './model.js';
import { FieldScanner } from './scan-fields.js';
import { scheduleLints } from './schedule-lints.js';

export type { ScheduleModel, ScheduleReport, ScheduleResult } from './model.js';
export { scheduleKeywords } from './keywords.js';
export { fieldLabels } from './fields.js';

/** Five-field example used in hints, keeping the fields the user wrote. */
function exampleFor(tokens: readonly { text: string }[]): string {
  const defaults = ['0', '3', '*', '*', '*'];
  return defaults.map((d, i) => tokens[i]?.text ?? d).join(' ');
}

/** Results by schedule text: a repository repeats a few schedules thousands of times. */
const parsed = new Map<string, ScheduleResult>();
/** Enough for any repository's distinct schedules; past it the cache starts over, so memory stays bounded. */
const maxCachedSchedules = 4096;

/** Frozen, deep: the cached result is shared by every caller, so none may change it (strict mode throws). */
function freezeResult(result: ScheduleResult): ScheduleResult {
  for (const report of result.reports) {
    if (report.data) Object.freeze(report.data);
    Object.freeze(report);
  }
  Object.freeze(result.reports);
  if (result.model) {
    for (const list of [result.model.minute, result.model.hour, result.model.dayOfMonth, result.model.month, result.model.dayOfWeek]) Object.freeze(list);
    Object.freeze(result.model);
  }
  return Object.freeze(result);
}

/**
 * Parses a schedule the way Debian 12's cron reads it. `model` is present
 * exactly when Debian accepts the line; reports say what Debian rejects and
 * what it accepts but reads differently from what is written.
 * Memoised by text (parsing is pure). The result is shared and frozen: its
 * types are readonly, so a caller that wants to change it must copy it.
 */
export function parseSchedule(text: string): ScheduleResult {
  let result = parsed.get(text);
  if (result === undefined) {
    if (parsed.size >= maxCachedSchedules) parsed.clear();
    result = freezeResult(parseScheduleText(text));
    parsed.set(text, result);
  }
  return result;
}

function parseScheduleText(text: string): ScheduleResult {
  const reports: ScheduleReport[] = [];
  const done = (model?: ScheduleModel): ScheduleResult => {
    reports.sort((a, b) => a.offset - b.offset);
    return model ? { model, reports } : { reports };
  };

  const newline = text.search(/[\n]/);
  if (newline >= 0) {
    reports.push({ messageId: 'lineBreak', offset: newline, length: 1 });
    return done();
  }

  // misc.c skip_comments(): leading ' '/'\t', then '#' makes a comment line.
  let first = 0;
  while (first < text.length && isBlank(text[first])) first++;
  if (first >= text.length) {
    reports.push({ messageId: 'emptySchedule', offset: 0, length: text.length });
    return done();
  }
  if (text[first] === '#') {
    reports.push({ messageId: 'readAsComment', offset: first, length: text.length - first });
    return done();
  }

  // user.c load_user() calls load_env() before load_entry(). cronpack writes
  // "<schedule> <user> <command>"; like test/oracle's harness we assume the
  // rest of the line is " root true" (the user and command never contain
  // quotes or '=' that could matter: only the first word or two decide).
  const variable = loadEnv(`${text.slice(first)} root true`);
  if (variable !== undefined) {
    const eq = text.indexOf('=', first);
    reports.push({ messageId: 'readAsVariable', offset: eq >= 0 ? eq : first, length: 1, data: { name: variable.name } });
    return done();
  }

  const tokens = tokenize(text, first);
  if (tokens[0]!.text.startsWith('@')) {
    const keyword = parseKeyword(text, tokens);
    reports.push(...keyword.reports);
    return done(keyword.model);
  }

  // entry.c load_entry(): get_list() for each of the five fields.
  const scanners: FieldScanner[] = [];
  let accepted = true;
  for (let k = 0; k < Math.min(tokens.length, 5); k++) {
    const scanner = new FieldScanner(tokens[k]!, scheduleFieldTable[k]!);
    const ok = scanner.scan();
    reports.push(...scanner.errors);
    if (ok) reports.push(...scanner.notes);
    else accepted = false;
    scanners.push(scanner);
  }
  if (tokens.length < 5) {
    accepted = false;
    const last = tokens[tokens.length - 1]!;
    const end = last.offset + last.text.length;
    reports.push({
      messageId: 'missingFields',
      offset: first,
      length: end - first,
      data: { count: tokens.length, next: fieldLabels[scheduleFields[tokens.length]!], example: exampleFor(tokens) },
    });
  } else if (tokens.length > 5) {
    accepted = false;
    reports.push(extraFieldsReport(text, tokens, 5, schedulePhrase('afterFiveFields')));
  }
  if (!accepted) return done();

  const [minute, hour, dayOfMonth, month, dow] = scanners.map((s) => s.values()) as [number[], number[], number[], number[], number[]];
  // entry.c: "make sundays equivilent"
  if (dow.includes(0) || dow.includes(7)) {
    if (!dow.includes(0)) dow.unshift(0);
    if (!dow.includes(7)) dow.push(7);
  }
  const model: ScheduleModel = {
    reboot: false,
    minute,
    hour,
    dayOfMonth,
    month,
    dayOfWeek: dow,
    // entry.c: "if (ch == '*') e->flags |= ..._STAR" on the field's first character
    minuteStar: tokens[0]!.text.startsWith('*'),
    hourStar: tokens[1]!.text.startsWith('*'),
    domStar: tokens[2]!.text.startsWith('*'),
    dowStar: tokens[4]!.text.startsWith('*'),
  };
  reports.push(...scheduleLints(model, tokens));
  return done(model);
}
