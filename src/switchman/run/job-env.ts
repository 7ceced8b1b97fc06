// What the job learns about its run from its environment.
import { RUN_ID_ENV } from '../fence-protocol.js';

export interface RunEnvFacts {
  runId: string;
  /** Without --nolock: the lock, and its node's creation zxid when known. */
  lock: { name: string; path: string; czxid: string | undefined } | undefined;
  /** Our session, 16 hex digits. */
  sessionId: string;
  group: string | undefined;
}

export function runEnv(facts: RunEnvFacts): Record<string, string> {
  // The run id lets the fence and the sweep find the job's processes, wherever they went.
  const env: Record<string, string> = { [RUN_ID_ENV]: facts.runId };
  if (facts.lock !== undefined) {
    env['SWITCHMAN_LOCK'] = facts.lock.name;
    // A fencing token for downstream systems: the lock node's creation zxid grows with every
    // new lock node (its version restarts at 0 with each), so a stale holder can be refused.
    env['SWITCHMAN_LOCK_PATH'] = facts.lock.path;
    if (facts.lock.czxid !== undefined) env['SWITCHMAN_LOCK_CZXID'] = facts.lock.czxid;
  }
  env['SWITCHMAN_SESSION_ID'] = `0x${facts.sessionId}`;
  if (facts.group !== undefined) env['SWITCHMAN_GROUP'] = facts.group;
  return env;
}
