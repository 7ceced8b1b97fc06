export { weekFrom } from './week.js';
export type { LocalDate } from './week.js';
export { loadProfile, busiestDay, runsOn, MINUTES_PER_DAY } from './profile.js';
export { packagePeaks, type PackagePeak } from './peak.js';
export type { LoadJob, LoadProfile, StartCounts, BusyMinute } from './profile.js';
export { loadView, level } from './view.js';
export type { LoadView, HeatRow } from './view.js';
export { formatLoadTerminal } from './format-terminal.js';
export { formatLoadHtml } from './format-html.js';
