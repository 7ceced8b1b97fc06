import { InvalidArgumentError } from 'commander';

/** The box's zone: cron runs schedules in the local time of the machine it runs on. */
export function localTimeZone(env: Readonly<Record<string, string | undefined>>): string {
  return env['TZ'] && isTimeZone(env['TZ']) ? env['TZ'] : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function parseTimeZone(value: string): string {
  if (!isTimeZone(value)) throw new InvalidArgumentError('expected an IANA time zone such as Europe/Berlin or UTC.');
  return value;
}

export function parseInstant(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO 8601 time such as 2026-11-23T10:00:00Z.');
  return date;
}
