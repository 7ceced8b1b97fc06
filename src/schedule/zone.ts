/**
 * IANA time-zone arithmetic on top of Intl.DateTimeFormat (no dependencies).
 * Offsets are in milliseconds, east of UTC positive (Berlin in winter: +3600000).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what callers should see.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's UTC offset at an instant, straight from Intl (no caching). */
export function offsetAt(timeZone: string, utcMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const wall = new Date(0);
  wall.setUTCFullYear(get('year'), get('month') - 1, get('day'));
  wall.setUTCHours(get('hour'), get('minute'), get('second'), 0);
  return wall.getTime() - Math.floor(utcMs / 1000) * 1000;
}

const HOUR_MS = 3_600_000;

/**
 * Cached offset look-ups for one zone. Offsets are sampled on whole UTC
 * hours; only an hour whose two ends differ (it holds a transition) is asked
 * about exactly. Assumes no two transitions within one hour, which holds for
 * every zone in the tz database.
 */
export class ZoneOffsets {
  private readonly hourly = new Map<number, number>();
  private readonly exact = new Map<number, number>();

  constructor(readonly timeZone: string) {
    formatterFor(timeZone);
  }

  private atHour(hour: number): number {
    let o = this.hourly.get(hour);
    if (o === undefined) {
      o = offsetAt(this.timeZone, hour * HOUR_MS);
      if (this.hourly.size > 100_000) this.hourly.clear();
      this.hourly.set(hour, o);
    }
    return o;
  }

  offsetAt(utcMs: number): number {
    const hour = Math.floor(utcMs / HOUR_MS);
    const a = this.atHour(hour);
    if (a === this.atHour(hour + 1)) return a;
    const second = Math.floor(utcMs / 1000);
    let o = this.exact.get(second);
    if (o === undefined) {
      o = offsetAt(this.timeZone, second * 1000);
      if (this.exact.size > 100_000) this.exact.clear();
      this.exact.set(second, o);
    }
    return o;
  }
}

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-11-23T00:00:00+01:00. */
export function formatInZone(date: Date, zone: ZoneOffsets): string {
  const ms = date.getTime();
  const offset = zone.offsetAt(ms);
  const wall = new Date(ms + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(offset / 60_000));
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall}${sign}${hh}:${mm}`;
}

const shared = new Map<string, ZoneOffsets>();

/**
 * One ZoneOffsets per zone for the whole process, so its offset caches carry over from one
 * schedule to the next: a fleet check computes the runs of thousands of jobs in a few zones,
 * and each Intl look-up costs tens of microseconds. Dropped (and rebuilt) past a bound.
 */
export function zoneOffsetsFor(timeZone: string): ZoneOffsets {
  let zone = shared.get(timeZone);
  if (zone === undefined) {
    if (shared.size >= 64) shared.clear();
    zone = new ZoneOffsets(timeZone);
    shared.set(timeZone, zone);
  }
  return zone;
}
