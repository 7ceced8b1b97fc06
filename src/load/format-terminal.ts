// `cronpack load` on a terminal: a heat row per hour (60 cells, one per minute; the busiest day
// of the week), colour on a TTY, then the busiest minutes with their jobs and a line per package.
import { level, type HeatRow, type LoadView } from './view.js';

const SHADES = [' ', '░', '▒', '▓', '█'] as const;
/** Green to red, ANSI 256-colour backgrounds, by level. */
const COLOURS = [0, 22, 100, 172, 160] as const;

function heat(row: HeatRow, colour: boolean): string {
  const lines = [`${row.name}: ${row.starts} starts a week, at most ${row.peak} in one minute`, `     ${[0, 10, 20, 30, 40, 50].map((m) => `:${String(m).padStart(2, '0')}`.padEnd(10)).join('')}`];
  for (let hour = 0; hour < 24; hour++) {
    const cells = row.minutes.slice(hour * 60, hour * 60 + 60).map((starts) => {
      const l = level(starts, row.peak);
      return colour && l > 0 ? `\u001b[48;5;${COLOURS[l]}m${SHADES[l]}\u001b[0m` : SHADES[l];
    });
    lines.push(`${String(hour).padStart(2, '0')}h |${cells.join('')}|`);
  }
  return lines.join('\n') + '\n';
}

export function formatLoadTerminal(view: LoadView, options: { colour: boolean }): string {
  const parts = [
    `Job starts per minute, ${view.week[0]} to ${view.week[6]} (${view.timeZone}); each cell is one minute of the busiest day.`,
    `Legend: "${SHADES[1]}" up to a quarter of the peak, "${SHADES[4]}" the peak.\n`,
    heat(view.all, options.colour),
  ];
  if (view.busiest.length > 0) {
    parts.push('Busiest minutes:');
    for (const minute of view.busiest) {
      const shown = minute.jobs.slice(0, 5).join(', ');
      parts.push(`  ${minute.date} ${minute.time}  ${String(minute.starts).padStart(4)} starts  ${shown}${minute.jobs.length > 5 ? `, and ${minute.jobs.length - 5} more` : ''}`);
    }
  }
  parts.push('\nPer day (starts, most in one minute):');
  for (const day of view.days) parts.push(`  ${day.weekday} ${day.date}  ${String(day.starts).padStart(7)}  ${String(day.peak).padStart(4)}`);
  parts.push(`\nSpread: ${view.minutesUsed} of 1440 minutes of the day have a start; ${view.meanBusy} starts on average in each minute that has any, ${view.all.peak} at the peak.`);
  if (view.atReboot > 0) parts.push(`${view.atReboot} @reboot jobs start with the box (not shown).`);
  parts.push('\nPer package (starts a week, most in one minute):');
  const width = Math.max(0, ...view.packages.map((p) => p.name.length));
  for (const p of view.packages) parts.push(`  ${p.name.padEnd(width)}  ${String(p.starts).padStart(7)}  ${String(p.peak).padStart(4)}`);
  return parts.join('\n') + '\n';
}
