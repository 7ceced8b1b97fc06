// `cronpack load --html FILE`: one self-contained page (inline CSS and SVG, no script, nothing
// fetched) with a heatmap per package and in all: 24 rows of 60 minutes, the busiest day.
import { level, type HeatRow, type LoadView } from './view.js';

const FILLS = ['#f4f4f4', '#c6e48b', '#f5d76e', '#f39c4a', '#d7301f'] as const;
const CELL = 11;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function heatmap(row: HeatRow): string {
  const width = 40 + 60 * CELL;
  const height = 20 + 24 * CELL;
  const cells: string[] = [];
  for (let hour = 0; hour < 24; hour++) {
    cells.push(`<text x="0" y="${20 + hour * CELL + CELL - 2}">${String(hour).padStart(2, '0')}h</text>`);
    for (let minute = 0; minute < 60; minute++) {
      const starts = row.minutes[hour * 60 + minute]!;
      const title = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}: ${starts} starts`;
      cells.push(`<rect x="${40 + minute * CELL}" y="${20 + hour * CELL}" width="${CELL - 1}" height="${CELL - 1}" fill="${FILLS[level(starts, row.peak)]}"><title>${title}</title></rect>`);
    }
  }
  for (let minute = 0; minute < 60; minute += 10) cells.push(`<text x="${40 + minute * CELL}" y="12">:${String(minute).padStart(2, '0')}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="9">${cells.join('')}</svg>`;
}

function section(row: HeatRow): string {
  return `<section><h2>${escapeHtml(row.name)}</h2><p>${row.starts} starts a week, at most ${row.peak} in one minute.</p>${heatmap(row)}</section>`;
}

export function formatLoadHtml(view: LoadView): string {
  const busiest = view.busiest
    .map((m) => `<tr><td>${m.date} ${m.time}</td><td>${m.starts}</td><td>${m.jobs.map(escapeHtml).join('<br>')}</td></tr>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>cronpack load</title>
<style>body{font-family:sans-serif;margin:2em;color:#222}section{margin-bottom:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top;font-size:12px}</style>
</head><body>
<h1>Job starts per minute</h1>
<p>${view.week[0]} to ${view.week[6]} (${escapeHtml(view.timeZone)}). Each cell is one minute of the busiest day of the week; darker is busier, relative to the peak of that map. ${view.minutesUsed} of 1440 minutes have a start.${view.atReboot > 0 ? ` ${view.atReboot} @reboot jobs are not shown.` : ''}</p>
${section(view.all)}
<h2>Per day</h2>
<table><tr><th>Day</th><th>Starts</th><th>Most in one minute</th></tr>${view.days.map((d) => `<tr><td>${d.weekday} ${d.date}</td><td>${d.starts}</td><td>${d.peak}</td></tr>`).join('')}</table>
<h2>Busiest minutes</h2>
<table><tr><th>When</th><th>Starts</th><th>Jobs</th></tr>${busiest}</table>
${view.packages.map(section).join('\n')}
</body></html>
`;
}
