// How the checks word their findings: one-line texts from outside, instants, durations, short
// lists. Text from ZooKeeper or a person goes through line() before it reaches a message.
import { printable } from '../../printable.js';
import type { Marker } from '../records.js';

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Text from ZooKeeper or a person (reasons, names, errors) as one printable line. */
export function line(text: string, max = 200): string {
  return printable(text, max);
}

/** ISO 8601 UTC, or "?" for an instant that is not one. */
export function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : '?';
}

/** A duration for people: "45s", "12m", "2h05m", "3d04h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** The first `max` items, then "and N more". */
export function few(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/** Who set a drain or pause marker, when, and why. */
export function marked(marker: Marker): string {
  return `by ${line(marker.by, 80)} at ${line(marker.at, 40) || '?'}${marker.reason === '' ? '' : `: ${line(marker.reason)}`}`;
}
