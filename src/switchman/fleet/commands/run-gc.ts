// `switchman gc`: removes what the fleet no longer needs (planGc decides), or lists it with --dry-run.
import { EXIT_CONFIG, EXIT_OK } from '../../exit-codes.js';
import type { FleetOptions } from '../fleet-args.js';
import { applyGcStep, DEFAULT_GC_LIMITS, planGc } from '../gc.js';
import { readFleet } from '../read-fleet.js';
import { message, withSession } from './fleet-io.js';
import type { FleetIo, LoadedConfig } from './fleet-io.js';

/** `switchman gc`. */
export async function runGc(loaded: LoadedConfig, options: FleetOptions, io: FleetIo): Promise<number> {
  if (!('config' in loaded)) {
    io.writeError(`switchman gc: ${'errors' in loaded ? loaded.errors.join('; ') : 'switchman is not configured on this box'}\n`);
    return EXIT_CONFIG;
  }
  const config = loaded.config;
  try {
    return await withSession(config, options.timeoutMs, async (session) => {
      const snapshot = await readFleet(session, config.prefix, options.nowMs ?? Date.now());
      const plan = planGc(snapshot, { ...DEFAULT_GC_LIMITS, ...options.gc, force: options.force });
      if (!plan.ok) {
        io.writeError(`switchman gc: ${plan.error}\n`);
        return EXIT_CONFIG;
      }
      for (const step of plan.steps) {
        if (options.dryRun) io.write(`would remove ${step.path} (${step.why})\n`);
        else io.write(`${await applyGcStep(session, step)}: ${step.path} (${step.why})\n`);
      }
      if (plan.steps.length === 0) io.write('nothing to collect\n');
      return EXIT_OK;
    });
  } catch (error) {
    io.writeError(`switchman gc: ${message(error)}\n`);
    return EXIT_CONFIG;
  }
}
