import type { Span } from '../diagnostics/diagnostic.js';
import type { Language } from '../core/language.js';
import type { ScheduleModel } from '../schedule/model.js';

/** One line of a METADATA section: its text after the comment marker, and where that text starts in the file. */
export interface SectionLine {
  text: string;
  /** 1-based line in the original file. */
  line: number;
  /** 1-based column of text[0] in the original line. */
  column: number;
}

export type CommentStyle = 'pod' | 'hash' | 'slash' | 'block' | 'jsdoc';

/** A METADATA section found in a script, its heading excluded. */
export interface MetadataSection {
  style: CommentStyle;
  heading: Span;
  lines: SectionLine[];
  /** A block comment's `*\/` when more text follows it on its line: maybe a schedule like `*\/5` that closed the comment. */
  closedEarlyAt?: Span;
}

/** A script's text, as read by discover. */
export interface ScriptSource {
  /** Repository-relative path, forward slashes. */
  path: string;
  text: string;
  /** File mode bits (e.g. 0o755), for packaging. */
  mode: number;
  language?: Language;
}

export const knownKeys = ['package', 'time', 'params', 'user', 'lease'] as const;
export type KnownKey = (typeof knownKeys)[number];

/** A `key: value` line inside <crontab>, with exact spans of key and value. */
export interface BlockField {
  key: string;
  value: string;
  keySpan: Span;
  valueSpan: Span;
}

/** A <crontab> block as written: fields by key, no validation beyond syntax. */
export interface CronBlock {
  file: string;
  /** The <crontab> opening tag. */
  span: Span;
  fields: Partial<Record<KnownKey, BlockField>>;
}

export interface Shard {
  mod: number;
  rem: number;
}

/** A validated job: one future cron.d line. */
export interface Job {
  /** Repository-relative script path. */
  script: string;
  package: string;
  /** The schedule cron gets: `time:` as written, with any H resolved (schedule/hash-schedule.ts). */
  time: string;
  /** `time:` as written, when H made it differ from `time`. */
  writtenTime?: string;
  /** `time` as Debian's cron reads it: the model the schedule check parsed, kept so later stages need not parse again. */
  model: ScheduleModel;
  /** Its ZooKeeper lock name (contract/lock-name.ts lockNameFor), made once by validation, which seeds H with it. */
  lockName: string;
  user?: string;
  /** Params as words, after POSIX quote removal; the renderer re-quotes each. */
  params: string[];
  shard?: Shard;
  /** switchman --lease values (RESOURCE=COUNT:TOTAL), in the order written. */
  leases?: string[];
  block: CronBlock;
}

/** A job's `time:` as its author wrote it (with H, if any). */
export function writtenTimeOf(job: Pick<Job, 'time' | 'writtenTime'>): string {
  return job.writtenTime ?? job.time;
}
