/**
 * The "@keyword" schedules of Debian 12's cron (3.0pl1-162): entry.c
 * load_entry(), the "if (ch == '@')" branch. The keyword is read with
 * get_string(cmd, MAX_COMMAND, file, " \t\n") and compared with strcmp()
 * (case-sensitive); the branch sets the bits and flags value for value as
 * keywordModel() does.
 */
import type { Token } from './c-text.js';
import { allValues } from './fields.js';
import { schedulePhrase } from '../catalogue/schedule-messages.js';
import type { ScheduleModel, ScheduleReport } from './model.js';

export const scheduleKeywords = ['reboot', 'yearly', 'annually', 'monthly', 'weekly', 'daily', 'midnight', 'hourly'] as const;

/** What entry.c stores for "@keyword" (keyword without "@"). */
export function keywordModel(keyword: string): ScheduleModel {
  const m: ScheduleModel = {
    keyword,
    reboot: false,
    minute: [0],
    hour: [0],
    dayOfMonth: allValues('dayOfMonth'),
    month: allValues('month'),
    dayOfWeek: allValues('dayOfWeek'),
    domStar: false,
    dowStar: false,
    minuteStar: false,
    hourStar: false,
  };
  switch (keyword) {
    case 'reboot':
      return { ...m, reboot: true, minute: [], hour: [], dayOfMonth: [], month: [], dayOfWeek: [] };
    case 'yearly':
    case 'annually':
      return { ...m, dayOfMonth: [1], month: [1], dowStar: true };
    case 'monthly':
      return { ...m, dayOfMonth: [1], dowStar: true };
    case 'weekly':
      return { ...m, domStar: true, dayOfWeek: [0, 7] };
    case 'daily':
    case 'midnight':
      return m;
    case 'hourly':
      return { ...m, hour: allValues('hour'), hourStar: true };
    default:
      throw new Error(`keywordModel: unknown keyword ${keyword}`);
  }
}

/**
 * A schedule whose first word starts with "@": Debian accepts it only if
 * the word is a keyword and nothing follows it. `model` is present exactly
 * when Debian accepts it.
 */
export function parseKeyword(text: string, tokens: readonly Token[]): { model?: ScheduleModel; reports: ScheduleReport[] } {
  const reports: ScheduleReport[] = [];
  const head = tokens[0]!;
  const keyword = head.text.slice(1);
  let ok = true;
  if (!(scheduleKeywords as readonly string[]).includes(keyword)) {
    ok = false;
    const lower = keyword.toLowerCase();
    const suggestion = (scheduleKeywords as readonly string[]).includes(lower) ? schedulePhrase('keywordInLowerCase', { keyword: lower }) : '';
    reports.push({ messageId: 'unknownKeyword', offset: head.offset, length: head.text.length, data: { keyword, suggestion } });
  }
  if (tokens.length > 1) {
    ok = false;
    reports.push(extraFieldsReport(text, tokens, 1, schedulePhrase('afterKeyword', { keyword: head.text })));
  }
  return ok ? { model: keywordModel(keyword), reports } : { reports };
}

/** extraFields for the words from tokens[from] on; `after` fills its {after}. */
export function extraFieldsReport(text: string, tokens: readonly Token[], from: number, after: string): ScheduleReport {
  const extra = tokens[from]!;
  const last = tokens[tokens.length - 1]!;
  return {
    messageId: 'extraFields',
    offset: extra.offset,
    length: last.offset + last.text.length - extra.offset,
    data: { extra: text.slice(extra.offset).trimEnd(), after },
  };
}
