import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outputMarkerName } from '../core/output-marker.js';

const comment = 'Written by cronpack, which owns this folder: each run replaces it as a whole, and refuses to when it holds anything not listed here.';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Everything below `dir` (symlinks not followed): files and links by path,
 * empty folders as "path/"; sorted, without the marker at the top. What a
 * marker lists, and what is compared with it.
 */
export function listEntries(dir: string, prefix = ''): string[] {
  const entries: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (path === outputMarkerName) continue;
    if (!entry.isDirectory()) entries.push(path);
    else {
      const inside = listEntries(dir, `${path}/`);
      entries.push(...(inside.length > 0 ? inside : [`${path}/`]));
    }
  }
  return entries.sort(byCodeUnit);
}

/** Writes the marker at the top of `dir`, listing what is there now. Same entries, same bytes: no dates. */
export function writeOutputMarker(dir: string): void {
  const text = `${JSON.stringify({ cronpackOutput: 1, comment, entries: listEntries(dir) }, null, 2)}\n`;
  writeFileSync(join(dir, outputMarkerName), text, { mode: 0o644 });
}

/** What the marker of `dir` lists; undefined when there is none; 'invalid' when it is not one cronpack wrote. */
export function readOutputMarker(dir: string): ReadonlySet<string> | undefined | 'invalid' {
  const path = join(dir, outputMarkerName);
  let text: string;
  try {
    if (!lstatSync(path).isFile()) return 'invalid';
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    const entries = (parsed as { entries?: unknown } | null)?.entries;
    if (Array.isArray(entries) && entries.every((entry) => typeof entry === 'string')) return new Set(entries as string[]);
  } catch {
    // not JSON: not ours
  }
  return 'invalid';
}
