/**
 * When Debian 12's cron (3.0pl1-162) starts a job, including across clock
 * changes. References are to cron.c as patched by Debian
 * (features/Better-timeskip-handling.patch, from OpenBSD):
 *
 * - set_time() (cron.c:365-383): the daemon's clock is the LOCAL wall time in
 *   minutes, clockTime = (time + GMToff) / 60; find_jobs() (cron.c:309-357)
 *   matches a job against that wall minute with gmtime().
 * - Day rule (cron.c:345-350): if DOM_STAR or DOW_STAR is set, a day must
 *   match BOTH day fields, else EITHER. DOM_STAR/DOW_STAR are set when the
 *   field's first character is "*" (entry.c), so "*\/2" counts as a star.
 * - "Wildcard" jobs are those with MIN_STAR or HR_STAR (minute or hour field
 *   starting with "*", or @hourly); the others are "fixed-time" jobs
 *   (cron.c:351-353).
 * - Each minute the main loop compares the wall minute with the last one it
 *   handled (virtualTime), timeDiff = timeRunning - virtualTime (cron.c:182):
 *     timeDiff == 1            normal: run every job matching this minute (cron.c:188-190).
 *     1 < timeDiff <= 5        woke up late: run every job for each missed minute (cron.c:203-217).
 *     5 < timeDiff <= 180      clock jumped forward, e.g. DST starts (cron.c:219-243):
 *                              wildcard jobs run only for the new minute; fixed-time jobs
 *                              run for EVERY skipped minute, right after the jump.
 *     -180 < timeDiff <= 0     clock went back, e.g. DST ends (cron.c:245-256): only wildcard
 *                              jobs run, and virtualTime stays put until the clock catches
 *                              up, so fixed-time jobs are not repeated in the repeated hour
 *                              (wildcard jobs DO run again in it, once per wall minute).
 *     otherwise (|jump| > 3h)  virtualTime jumps; every job matching the new minute runs,
 *                              skipped minutes are lost, repeated ones run again (cron.c:257-265).
 *
 * So in Europe/Berlin on the last Sunday of March (02:00 -> 03:00):
 * "30 2 * * *" runs at 03:00 CEST, "*\/15 * * * *" skips 02:00-02:45, and
 * "0-59 2 * * *" (fixed-time!) runs 60 times right after the jump. On the
 * last Sunday of October (03:00 CEST -> 02:00 CET) "30 2 * * *" runs once
 * (02:30 CEST) and "30 * * * *" runs at 02:30 CEST and again at 02:30 CET.
 *
 * Simplifications: runs "right after the jump" are all reported at the jump
 * instant (Debian starts them one after another, sleeping 10 s after each
 * minute's batch, cron.c:236-237); each such run is reported, so duplicates
 * are possible. The zone is the daemon's (TZ / /etc/localtime).
 */
import { neverRunsReason } from './never-runs.js';
import type { ScheduleModel } from './model.js';
import { zoneOffsetsFor } from './zone.js';
import type { ZoneOffsets } from './zone.js';

export interface NextRunsOptions {
  /** Runs strictly after this instant. */
  from: Date;
  count: number;
  /** IANA zone of the machine running cron, e.g. "Europe/Berlin". */
  timeZone: string;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;
const DAY_MS = 86_400_000;
/** Beyond this, every reachable date has been seen (400-year Gregorian cycle). */
const HORIZON_MINUTES = 401 * 366 * DAY_MINUTES;

type Occurrence =
  | { kind: 'normal'; at: number }
  | { kind: 'repeat'; at: number; timeDiff: number }
  | { kind: 'skipped'; at: number; timeDiff: number };

function bitsOf(values: readonly number[], size: number, fold?: (v: number) => number): boolean[] {
  const bits = new Array<boolean>(size).fill(false);
  for (const v of values) {
    const i = fold ? fold(v) : v;
    if (i >= 0 && i < size) bits[i] = true;
  }
  return bits;
}

class Matcher {
  private readonly minutes: number[];
  private readonly hours: number[];
  private readonly dom: boolean[];
  private readonly month: boolean[];
  private readonly dow: boolean[];
  private readonly and: boolean;

  constructor(model: ScheduleModel) {
    this.minutes = [...model.minute].sort((a, b) => a - b);
    this.hours = [...model.hour].sort((a, b) => a - b);
    this.dom = bitsOf(model.dayOfMonth, 32);
    this.month = bitsOf(model.month, 13);
    // Debian stores Sunday as both 0 and 7 and tests tm_wday (0-6).
    this.dow = bitsOf(model.dayOfWeek, 7, (v) => (v === 7 ? 0 : v));
    this.and = model.domStar || model.dowStar;
  }

  private dayMatches(day: number): boolean {
    const d = new Date(day * DAY_MS);
    if (!this.month[d.getUTCMonth() + 1]) return false;
    const dom = this.dom[d.getUTCDate()]!;
    const dow = this.dow[d.getUTCDay()]!;
    return this.and ? dom && dow : dom || dow;
  }

  /** The first wall minute >= wallMinute that matches, up to limit. */
  next(wallMinute: number, limit: number): number | undefined {
    let day = Math.floor(wallMinute / DAY_MINUTES);
    let minuteOfDay = wallMinute - day * DAY_MINUTES;
    while (day * DAY_MINUTES <= limit) {
      if (this.dayMatches(day)) {
        const h0 = Math.floor(minuteOfDay / 60);
        for (const h of this.hours) {
          if (h < h0) continue;
          const m0 = h === h0 ? minuteOfDay - h0 * 60 : 0;
          const m = this.minutes.find((x) => x >= m0);
          if (m !== undefined) {
            const found = day * DAY_MINUTES + h * 60 + m;
            return found <= limit ? found : undefined;
          }
        }
      }
      day++;
      minuteOfDay = 0;
    }
    return undefined;
  }
}

/** The real instants at which the zone's wall clock shows this minute. */
function occurrences(wallMinute: number, zone: ZoneOffsets): Occurrence[] {
  const wall = wallMinute * MINUTE_MS;
  const before = zone.offsetAt(wall - DAY_MS);
  const after = zone.offsetAt(wall + DAY_MS);
  if (before === after && zone.offsetAt(wall - before) === before) return [{ kind: 'normal', at: wall - before }];
  const found = [...new Set([before, after])].filter((o) => zone.offsetAt(wall - o) === o).map((o) => wall - o);
  found.sort((a, b) => a - b);
  if (found.length === 1) return [{ kind: 'normal', at: found[0]! }];
  if (found.length === 2) {
    // Clock went back: the first pass is normal, the second is cron.c's case 0 (or a big jump).
    const timeDiff = 1 - Math.round((before - after) / MINUTE_MS);
    return [
      { kind: 'normal', at: found[0]! },
      { kind: 'repeat', at: found[1]!, timeDiff },
    ];
  }
  if (after <= before) return []; // inconsistent zone data; nothing sensible to report
  // Skipped by a forward jump: find the transition instant T (to the second).
  let lo = Math.floor((wall - after) / 1000); // offset `before` here
  let hi = Math.ceil((wall - before) / 1000); // offset `after` here
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offsetAt(mid * 1000) === before) lo = mid;
    else hi = mid;
  }
  const t = hi * 1000;
  const wallBefore = Math.floor((t - 1 + before) / MINUTE_MS);
  const wallAfter = Math.ceil((t + after) / MINUTE_MS);
  // cron wakes when the new wall clock reaches a whole minute.
  return [{ kind: 'skipped', at: wallAfter * MINUTE_MS - after, timeDiff: wallAfter - wallBefore }];
}

/** Whether cron.c's main loop starts a job for this occurrence (see the table above). */
function runsAt(o: Occurrence, isWildcard: boolean): boolean {
  switch (o.kind) {
    case 'normal':
      return true;
    case 'repeat':
      return o.timeDiff > -180 ? isWildcard : true;
    case 'skipped':
      if (o.timeDiff <= 5) return true;
      if (o.timeDiff <= 180) return !isWildcard;
      return false;
  }
}

/**
 * The next `count` times (strictly after `from`) at which Debian's cron
 * starts this job on a machine in `timeZone`. @reboot and schedules that
 * never run give [].
 */
export function nextRuns(model: ScheduleModel, options: NextRunsOptions): Date[] {
  const count = Math.floor(options.count);
  const zone = zoneOffsetsFor(options.timeZone);
  if (model.reboot || !(count > 0) || neverRunsReason(model) !== undefined) return [];
  const fromMs = options.from.getTime();
  if (Number.isNaN(fromMs)) throw new RangeError('nextRuns: invalid "from" date');

  const matcher = new Matcher(model);
  const isWildcard = model.minuteStar || model.hourStar;
  const wallMinuteOf = (ms: number): number => Math.floor((ms + zone.offsetAt(ms)) / MINUTE_MS);
  // Near a transition, wall minutes and instants are not in the same order,
  // so look a day further either way.
  const nearTransition = (ms: number): boolean => {
    const o = zone.offsetAt(ms);
    return o !== zone.offsetAt(ms - 2 * DAY_MS) || o !== zone.offsetAt(ms + 2 * DAY_MS);
  };

  const start = wallMinuteOf(fromMs) - (nearTransition(fromMs) ? DAY_MINUTES : 0);
  let limit = start + HORIZON_MINUTES;
  const runs: number[] = [];
  let boundSet = false;
  for (let m = start; ; ) {
    const wallMinute = matcher.next(m, limit);
    if (wallMinute === undefined) break;
    for (const o of occurrences(wallMinute, zone)) {
      if (o.at > fromMs && runsAt(o, isWildcard)) runs.push(o.at);
    }
    m = wallMinute + 1;
    if (!boundSet && runs.length >= count) {
      // Later wall minutes can only add earlier runs within a day of a transition.
      runs.sort((a, b) => a - b);
      const last = runs[count - 1]!;
      limit = Math.min(limit, wallMinuteOf(last) + (nearTransition(last) ? DAY_MINUTES : 0));
      boundSet = true;
    }
  }
  runs.sort((a, b) => a - b);
  return runs.slice(0, count).map((ms) => new Date(ms));
}
