import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { readAsset } from '../../core/assets.js';
import { loadConfig } from '../../config/index.js';
import { exitCodes } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** Writes a commented starting cronpack.config.json, with the prefix cronpack would use anyway. */
export async function runInit(options: { force: boolean }, io: CliIo): Promise<number> {
  const path = join(io.cwd, 'cronpack.config.json');
  if (existsSync(path) && !options.force) {
    io.stderr('cronpack: cronpack.config.json already exists; use --force to overwrite it.\n');
    return exitCodes.usageOrInternal;
  }
  const { config } = await loadConfig(io.cwd);
  const render = Handlebars.compile(readAsset('templates/cronpack.config.json.hbs'), { noEscape: true, strict: true });
  writeFileSync(path, render({ prefix: config.prefix }));
  io.stderr(`wrote ${path}\n`);
  return exitCodes.ok;
}
