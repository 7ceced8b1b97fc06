// `switchman metrics`: the fleet's report as Prometheus text, on stdout or in a textfile.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { EXIT_CONFIG, EXIT_OK } from '../../exit-codes.js';
import type { FleetOptions } from '../fleet-args.js';
import { formatMetrics } from '../prometheus.js';
import { message } from './fleet-io.js';
import type { FleetIo, LoadedConfig } from './fleet-io.js';
import { judge } from './judge.js';

/** Writes `text` to `path` through a temporary file beside it and one rename: a collector never reads half a file. */
function writeAtomically(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { mode: 0o644 });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** `switchman metrics`: Prometheus text format on stdout, or into a node_exporter textfile. */
export async function runMetrics(loaded: LoadedConfig, options: FleetOptions, io: FleetIo): Promise<number> {
  if ('errors' in loaded) {
    for (const e of loaded.errors) io.writeError(`switchman metrics: ${e}\n`);
    return EXIT_CONFIG;
  }
  const { snapshot, report, local } = await judge(loaded, options, io);
  const text = formatMetrics(snapshot, report, local);
  if (options.textfile === undefined) {
    io.write(text);
    return EXIT_OK;
  }
  try {
    writeAtomically(options.textfile, text);
  } catch (error) {
    io.writeError(`switchman metrics: cannot write ${options.textfile}: ${message(error)}\n`);
    return EXIT_CONFIG;
  }
  return EXIT_OK;
}
