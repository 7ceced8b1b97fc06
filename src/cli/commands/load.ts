import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { check } from '../../pipeline/check.js';
import { loadConfig } from '../../config/index.js';
import { countBySeverity } from '../../diagnostics/diagnostic.js';
import { formatLoadHtml, formatLoadTerminal, loadProfile, loadView, weekFrom } from '../../load/index.js';
import { shouldUseColor } from '../../report/format-context.js';
import { exitCodes } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export interface LoadCommandOptions {
  format: 'text' | 'json';
  tz: string;
  now: Date;
  /** Also write the heatmap page here. */
  html?: string;
  /** How many of the busiest minutes to list. */
  top: number;
}

/** Writes a file whole or not at all: a temporary name beside it, then a rename. */
function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** When the repository's valid jobs start, in the boxes' zone; problems are left to `check`, but counted on stderr. */
export async function runLoad(options: LoadCommandOptions, io: CliIo): Promise<number> {
  const loaded = await loadConfig(io.cwd);
  const result = await check({ root: io.cwd, config: loaded });
  const jobs = result.jobs.map((job) => ({ package: job.package, where: `${job.script}:${job.block.span.line}`, model: job.model }));
  const view = loadView(loadProfile(jobs, weekFrom(options.now, options.tz), options.top), options.tz);
  if (options.html !== undefined) {
    const path = resolve(io.cwd, options.html);
    try {
      writeAtomically(path, formatLoadHtml(view));
    } catch (error) {
      io.stderr(`cronpack load: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      return exitCodes.usageOrInternal;
    }
  }
  if (options.format === 'json') io.stdout(JSON.stringify(view, null, 2) + '\n');
  else io.stdout(formatLoadTerminal(view, { colour: shouldUseColor({ isTTY: io.isStdoutTTY, env: io.env }) }));
  const { errors, warnings } = countBySeverity([...loaded.diagnostics, ...result.diagnostics]);
  if (errors + warnings > 0) io.stderr(`cronpack: ${errors} errors and ${warnings} warnings not shown; run "cronpack check".\n`);
  return errors > 0 ? exitCodes.problems : exitCodes.ok;
}
