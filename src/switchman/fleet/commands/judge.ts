// What check and metrics both start from: the fleet read from ZooKeeper, this box's view, and
// the report evaluateFleet makes of them.
import type { SwitchmanConfig } from '../../config.js';
import { resolveFqdn } from '../../hostname.js';
import { evaluateFleet } from '../evaluate.js';
import type { FleetReport } from '../evaluate.js';
import type { FleetOptions } from '../fleet-args.js';
import { readInstalledManifests } from '../installed-manifests.js';
import { readFleet } from '../read-fleet.js';
import { parseControl } from '../records.js';
import type { FleetSnapshot, LocalView } from '../snapshot.js';
import { DEFAULT_THRESHOLDS } from '../thresholds.js';
import type { Thresholds } from '../thresholds.js';
import { message, systemTimeZone, withSession } from './fleet-io.js';
import type { FleetIo, LoadedConfig } from './fleet-io.js';

async function localView(config: SwitchmanConfig | undefined, options: FleetOptions, io: FleetIo, zkError: string | undefined): Promise<LocalView> {
  const installed = config === undefined ? { manifests: [], errors: [] } : readInstalledManifests(config.manifestDir);
  return {
    host: await resolveFqdn({ env: io.env, configHostname: config?.hostname }),
    configured: config !== undefined,
    zkError,
    manifests: installed.manifests,
    manifestErrors: installed.errors,
    timeZone: options.timeZone ?? systemTimeZone(),
  };
}

function emptySnapshot(nowMs: number, prefix: string, why: string): FleetSnapshot {
  return { nowMs, prefix, groups: why, hosts: [], manifests: [], runs: [], hostRuns: [], locks: [], control: parseControl(undefined) };
}

/** The snapshot and the report of check and metrics: ZooKeeper down is a report too (CRITICAL), never a throw. */
export async function judge(loaded: LoadedConfig, options: FleetOptions, io: FleetIo): Promise<{ snapshot: FleetSnapshot; report: FleetReport; local: LocalView }> {
  const nowMs = options.nowMs ?? Date.now();
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  if (!('config' in loaded)) {
    const local = await localView(undefined, options, io, undefined);
    const snapshot = emptySnapshot(nowMs, '', 'switchman is not configured');
    return { snapshot, report: evaluateFleet(snapshot, local, thresholds), local };
  }
  const config = loaded.config;
  let snapshot: FleetSnapshot;
  let zkError: string | undefined;
  try {
    snapshot = await withSession(config, options.timeoutMs, (session) => readFleet(session, config.prefix, nowMs));
  } catch (error) {
    zkError = message(error);
    snapshot = emptySnapshot(nowMs, config.prefix, zkError);
  }
  const local = await localView(config, options, io, zkError);
  return { snapshot, report: evaluateFleet(snapshot, local, thresholds), local };
}
