import { explainSchedule, type Explanation } from '../../schedule/index.js';
import { compressField } from '../../schedule/index.js';
import { exitCodes } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export interface ExplainCommandOptions {
  format: 'text' | 'json';
  tz: string;
  count: number;
  now: Date;
  /** The job's lock name, for H (cronpack list --format json shows each job's). */
  lockname?: string;
}

const fieldNames = [
  ['minute', 'minute', 0, 59],
  ['hour', 'hour', 0, 23],
  ['dayOfMonth', 'day of month', 1, 31],
  ['month', 'month', 1, 12],
  ['dayOfWeek', 'day of week', 0, 7],
] as const;

function explainText(e: Explanation, tz: string): string {
  const out = [`schedule     ${e.schedule}`, ...(e.cronSchedule === e.schedule ? [] : [`cron reads   ${e.cronSchedule}`]), `meaning      ${e.description}`];
  for (const d of e.diagnostics) {
    out.push(`${d.severity.padEnd(12)} ${d.message}  ${d.code}`, `             ${e.schedule}`, `             ${' '.repeat(d.column - 1)}${'^'.repeat(Math.max(1, d.endColumn - d.column))}`);
    if (d.hint) out.push(`             hint: ${d.hint}`);
  }
  if (e.fields.minute.length > 0 || e.fields.month.length > 0) {
    for (const [key, label, low, high] of fieldNames) {
      const values = e.fields[key];
      out.push(`${label.padEnd(12)} ${values.length === 0 ? '(none)' : `${values.join(',')}`}${values.length > 0 ? `   (${compressField(values, low, high)})` : ''}`);
    }
    out.push(
      `day rule     ${e.dayMatch.toUpperCase()}: ${e.dayMatch === 'and' ? 'a day must match both day fields (one of them starts with "*")' : 'a day matching either day field'}`,
    );
  }
  out.push(`next runs    ${e.next.length === 0 ? '(none)' : e.next[0]}${e.next.length > 0 ? `   (${tz})` : ''}`);
  for (const next of e.next.slice(1)) out.push(`             ${next}`);
  return out.join('\n') + '\n';
}

/** Explains one schedule as Debian's cron reads it; exit 1 when cronpack would report an error for it. */
export function runExplain(schedule: string, options: ExplainCommandOptions, io: CliIo): number {
  if (options.lockname === undefined && /(^|[ \t,])H/.test(schedule)) {
    io.stderr('cronpack explain: H takes its values from the job\'s lock name: add --lockname NAME ("cronpack list --format json" shows each job\'s lockName)\n');
    return exitCodes.usageOrInternal;
  }
  const explanation = explainSchedule(schedule, { now: options.now, count: options.count, timeZone: options.tz, ...(options.lockname === undefined ? {} : { lockName: options.lockname }) });
  io.stdout(options.format === 'json' ? JSON.stringify({ schemaVersion: 1, timeZone: options.tz, ...explanation }, null, 2) + '\n' : explainText(explanation, options.tz));
  return explanation.valid ? exitCodes.ok : exitCodes.problems;
}
