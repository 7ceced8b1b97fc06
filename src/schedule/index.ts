/** Schedules as Debian 12's cron (3.0pl1-162) reads them: parse, explain, next runs. */
export { parseSchedule, scheduleKeywords, fieldLabels } from './parse-schedule.js';
export { dayMatchOf, scheduleFields } from './model.js';
export { scheduleFieldTable, fieldSpec } from './fields.js';
export type { ScheduleFieldSpec } from './fields.js';
export { loadEnv } from './load-env.js';
export type { EnvSetting } from './load-env.js';
export type { ScheduleField, ScheduleModel, ScheduleReport, ScheduleResult } from './model.js';
export { scheduleMessages, scheduleMisreadIds } from './messages.js';
export type { ScheduleMessageId } from './messages.js';
export { formatScheduleReport } from './format-report.js';
export type { ScheduleDiagnostic } from './format-report.js';
export { neverRunsReason } from './never-runs.js';
export { nextRuns } from './next-runs.js';
export type { NextRunsOptions } from './next-runs.js';
export { describeSchedule, compressField } from './describe.js';
export { explainSchedule } from './explain.js';
export type { Explanation, ExplainOptions } from './explain.js';
export { formatInZone } from './zone.js';
