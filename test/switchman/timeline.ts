// Jobs under test log "S <pid> <ns> [weight]" when they start and "E <pid> <ns>" when they end, to
// one file; these read the file back and measure what ran at once.
import assert from 'node:assert/strict';

export interface Interval {
  pid: number;
  start: bigint;
  end: bigint;
  /** How much of a resource the job held (1 without a weight). */
  weight: number;
}

/** Reads the lines into intervals, sorted by start; every start must have its end. */
export function parseIntervals(text: string): Interval[] {
  const open = new Map<number, { start: bigint; weight: number }>();
  const intervals: Interval[] = [];
  for (const line of text.split('\n')) {
    const [kind, pid, ns, weight] = line.split(' ');
    if (kind === undefined || pid === undefined || ns === undefined) continue;
    if (kind === 'S') open.set(Number(pid), { start: BigInt(ns), weight: weight === undefined ? 1 : Number(weight) });
    else if (kind === 'E') {
      const started = open.get(Number(pid));
      assert.ok(started !== undefined, `end without start: ${line}`);
      open.delete(Number(pid));
      intervals.push({ pid: Number(pid), start: started.start, end: BigInt(ns), weight: started.weight });
    }
  }
  assert.equal(open.size, 0, 'a job started and never ended');
  return intervals.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** How many jobs started before an earlier one had ended. */
export function countOverlaps(intervals: readonly Interval[]): number {
  let overlaps = 0;
  let lastEnd = -1n;
  for (const interval of intervals) {
    if (interval.start <= lastEnd) overlaps += 1;
    if (interval.end > lastEnd) lastEnd = interval.end;
  }
  return overlaps;
}

/** The largest sum of weights held at one moment (an end at the same ns as a start counts as overlap). */
export function peakLoad(intervals: readonly Interval[]): number {
  const events = intervals.flatMap((i) => [
    { at: i.start, delta: i.weight },
    { at: i.end, delta: -i.weight },
  ]);
  // Starts before ends at the same instant: a tie is counted as both held.
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : b.delta - a.delta));
  let load = 0;
  let peak = 0;
  for (const event of events) {
    load += event.delta;
    peak = Math.max(peak, load);
  }
  return peak;
}
