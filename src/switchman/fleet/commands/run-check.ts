// `switchman check`: the fleet's report as a Nagios/Icinga plugin's output and exit code.
import type { FleetOptions } from '../fleet-args.js';
import { formatCheckJson, formatNagios } from '../nagios.js';
import type { FleetIo, LoadedConfig } from './fleet-io.js';
import { judge } from './judge.js';

/** `switchman check`: a Nagios/Icinga plugin. Exit 0/1/2/3; 3 (UNKNOWN) for a config it cannot read. */
export async function runCheck(loaded: LoadedConfig, options: FleetOptions, io: FleetIo): Promise<number> {
  if ('errors' in loaded) {
    io.write(`SWITCHMAN UNKNOWN - ${loaded.errors.join('; ').replace(/\|/g, '/')}\n`);
    return 3;
  }
  const { report } = await judge(loaded, options, io);
  if (options.json) {
    io.write(formatCheckJson(report));
    return formatNagios(report).exitCode;
  }
  const nagios = formatNagios(report);
  io.write(nagios.text);
  return nagios.exitCode;
}
