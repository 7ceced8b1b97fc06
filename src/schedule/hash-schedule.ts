// Jenkins' H in a METADATA schedule, a cronpack extension: in any of the five fields, "H" is one
// value chosen by a stable hash of the job's lock name (so every build on every machine picks
// the same, and different jobs pick different ones); "H/15" is every 15 from a hashed offset;
// "H(0-29)" and "H(0-29)/10" do the same within a range. resolveHashes() writes the plain
// Debian schedule cron will read, and maps offsets back so reports land on what was written.
// Plain H in the day-of-month field picks from 1-28 (as Jenkins does), so it runs every month.
import { createHash } from 'node:crypto';
import { scheduleFieldTable } from './fields.js';
import { scheduleReport, type ScheduleReport } from './model.js';

/** One field of the written text and what it became. */
interface FieldPiece {
  written: { start: number; end: number };
  resolved: { start: number; end: number };
  hashed: boolean;
}

export interface HashResolution {
  /** The schedule as Debian will read it (the text itself when it has no H). */
  text: string;
  /** Problems of the H terms, at offsets of the written text. */
  reports: ScheduleReport[];
  /** An offset of the resolved text (and a length) as a span of the written text. */
  mapSpan(offset: number, length: number): { offset: number; length: number };
}

const identity = (text: string): HashResolution => ({ text, reports: [], mapSpan: (offset, length) => ({ offset, length }) });

const HASH_TERM = /^H(?:\((\d+)-(\d+)\))?(?:\/(\d+))?$/;

/** A number from 0 to 2^32-1 for this job, field and term: sha256, so no locale or platform changes it. */
function hashOf(seed: string, field: number, term: number): number {
  return createHash('sha256').update(`${seed}\n${field}\n${term}`).digest().readUInt32BE(0);
}

/** One comma-separated element, at `offset` of the schedule: unchanged, resolved, or a report. */
function resolveTerm(term: string, seed: string, field: number, index: number, offset: number): string | ScheduleReport {
  if (!term.startsWith('H')) return term;
  const match = HASH_TERM.exec(term);
  if (!match) return scheduleReport('hashTerm', offset, term.length, { term });
  const spec = scheduleFieldTable[field]!;
  // Day of week 0-6 (7 is Sunday again); day of month 1-28 unless a range is given.
  const top = spec.name === 'dayOfWeek' ? 6 : spec.max;
  const [low, high] = match[1] === undefined ? [spec.min, spec.name === 'dayOfMonth' ? 28 : top] : [Number(match[1]), Number(match[2])];
  if (low < spec.min || high > spec.max || low > high) {
    return scheduleReport('hashRange', offset, term.length, { term, low, high, field: spec.label, min: spec.min, max: spec.max, example: Math.min(spec.max, spec.min + 9) });
  }
  const span = high - low + 1;
  const hash = hashOf(seed, field, index);
  if (match[3] === undefined) return String(low + (hash % span));
  const step = Number(match[3]);
  if (step < 1 || step > span) return scheduleReport('hashStep', offset, term.length, { term, step, span, base: term.slice(0, term.indexOf('/')) });
  const first = low + (hash % step);
  return first + step > high ? String(first) : `${first}-${high}/${step}`;
}

/** Resolves every H of a schedule with the job's lock name as the seed. */
export function resolveHashes(written: string, seed: string): HashResolution {
  if (!written.includes('H')) return identity(written);
  const fields = [...written.matchAll(/[^ \t]+/g)].map((m) => ({ text: m[0], start: m.index }));
  const hashTerms = fields.filter((f) => /(^|,)H/.test(f.text));
  if (hashTerms.length === 0) return identity(written);
  if (written.trimStart().startsWith('@') || fields.length !== 5) {
    const first = hashTerms[0]!;
    return { ...identity(written), reports: [scheduleReport('hashInKeyword', first.start, first.text.length, { found: written.trim() })] };
  }
  const reports: ScheduleReport[] = [];
  const pieces: FieldPiece[] = [];
  let text = '';
  let last = 0;
  fields.forEach((field, index) => {
    text += written.slice(last, field.start);
    let offset = field.start;
    const parts = field.text.split(',').map((term, termIndex) => {
      const resolved = resolveTerm(term, seed, index, termIndex, offset);
      if (typeof resolved !== 'string') reports.push(resolved);
      offset += term.length + 1;
      return typeof resolved === 'string' ? resolved : term;
    });
    const out = parts.join(',');
    pieces.push({ written: { start: field.start, end: field.start + field.text.length }, resolved: { start: text.length, end: text.length + out.length }, hashed: out !== field.text });
    text += out;
    last = field.start + field.text.length;
  });
  text += written.slice(last);
  const mapSpan = (offset: number, length: number): { offset: number; length: number } => {
    const piece = pieces.find((p) => offset >= p.resolved.start && offset < Math.max(p.resolved.end, p.resolved.start + 1));
    // Inside a field H changed: the whole written field. Elsewhere: shifted by what came before.
    if (piece?.hashed) return { offset: piece.written.start, length: piece.written.end - piece.written.start };
    const before = [...pieces].reverse().find((p) => p.resolved.end <= offset) ?? { resolved: { end: 0 }, written: { end: 0 } };
    return { offset: offset - before.resolved.end + before.written.end, length };
  };
  return { text, reports, mapSpan };
}
