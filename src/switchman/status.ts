// `switchman status`: who holds which lock right now, read from ZooKeeper. A lock is an
// ephemeral node, so the locks of a dead box vanish with its session.
import type { SwitchmanConfig } from './config.js';
import { EXIT_CONFIG, EXIT_OK } from './exit-codes.js';
import { readLocks } from './lock.js';
import type { LockEntry } from './lock.js';
import { graceCapMs } from './lease.js';
import { ZkSession } from './zk-session.js';
import { DEFAULT_THRESHOLDS } from './fleet/evaluate.js';
import { readFleet } from './fleet/read-fleet.js';
import { fleetView, formatFleetView } from './fleet/status-view.js';
import { formatResources, readResources } from './resources/read-resources.js';

function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

export function formatLocksTable(entries: readonly LockEntry[], now: Date): string {
  if (entries.length === 0) return 'no locks held\n';
  const rows = [
    ['LOCK', 'HOST', 'PID', 'SINCE', 'AGE'],
    ...entries.map((e) => [
      e.lock,
      e.host,
      e.pid === undefined ? '-' : String(e.pid),
      e.since.toISOString(),
      formatAge(now.getTime() - e.since.getTime()) + (e.session === '0000000000000000' ? ' (not ephemeral)' : ''),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

export function formatLocksJson(entries: readonly LockEntry[]): string {
  return (
    JSON.stringify(
      entries.map((e) => ({ lock: e.lock, host: e.host, pid: e.pid ?? null, since: e.since.toISOString(), session: e.session })),
      null,
      2,
    ) + '\n'
  );
}

export async function runStatus(
  config: SwitchmanConfig,
  json: boolean,
  write: (text: string) => void,
  writeError: (text: string) => void,
): Promise<number> {
  let session: ZkSession | undefined;
  try {
    session = await ZkSession.connect(config.zkhosts, { sessionTimeoutMs: config.sessionTimeoutMs, connectTimeoutMs: config.connectTimeoutMs });
    const cap = graceCapMs(session.timeoutMs);
    if (config.terminationTimeoutMs > cap) {
      writeError(
        `switchman status: warning: termination_timeout is ${config.terminationTimeoutMs / 1000} s, but a ${session.timeoutMs / 1000} s session gives a stopped job at most ${cap / 1000} s: raise session_timeout to at least ${Math.ceil((config.terminationTimeoutMs * 1.5) / 1000)} s\n`,
      );
    }
    const now = Date.now();
    const [entries, snapshot] = await Promise.all([readLocks(session, config.prefix), readFleet(session, config.prefix, now)]);
    const resources = await readResources(session, config.prefix, entries);
    const view = fleetView(snapshot, DEFAULT_THRESHOLDS.heartbeatStaleMs);
    if (json) write(`${JSON.stringify({ locks: JSON.parse(formatLocksJson(entries)) as unknown, resources, ...view, control: snapshot.control }, null, 2)}\n`);
    else write(`${formatLocksTable(entries, new Date(now))}\n${formatResources(resources)}\n${formatFleetView(view, snapshot)}`);
    return EXIT_OK;
  } catch (error) {
    writeError(`switchman status: ${(error as Error).message}\n`);
    return EXIT_CONFIG;
  } finally {
    await session?.close(1000);
  }
}
