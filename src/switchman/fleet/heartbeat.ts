// `switchman heartbeat`: cron runs it every minute (/etc/cron.d/switchman), so a fresh record
// proves that this box is up, cron runs, switchman is configured and ZooKeeper is reachable
// from here. It also publishes the manifests of the packages installed here, so that a check
// run anywhere knows every job of the fleet and its schedule.
import type { JobsManifest } from '../../contract/jobs-manifest.js';
import { judgeGroup } from '../groups.js';
import type { Groups } from '../groups.js';
import { ZK_NODE_EXISTS, ZkError } from '../zk-session.js';
import type { ZkSession } from '../zk-session.js';
import { hostPath, manifestPath } from './layout.js';
import { parseHostBeat } from './records.js';
import type { HostBeat, InstalledPackage } from './records.js';
import { createWithParents, putNode } from './store.js';

/**
 * ZooKeeper refuses a request over jute.maxbuffer (1 MiB by default) by dropping the connection:
 * a manifest that large (thousands of jobs in one package) is not published, so it cannot take
 * the heartbeat down with it.
 */
export const MAX_MANIFEST_BYTES = 1_000_000;

/** The version node of a manifest without one (a `build` output installed by hand). */
export const UNVERSIONED = 'unversioned';

export function packageVersion(manifest: JobsManifest): string {
  return manifest.version ?? UNVERSIONED;
}

/** The heartbeat of this host: pure, from what was read. */
export function makeHostBeat(input: { host: string; nowMs: number; version: string; timeZone: string; groups: Groups | undefined; manifests: readonly JobsManifest[] }): HostBeat {
  const served = input.groups === undefined ? [] : [...input.groups.keys()].filter((group) => judgeGroup(input.groups as Groups, group, input.host).permission === 'allowed');
  const packages: InstalledPackage[] = input.manifests
    .map((m) => ({ package: m.package, version: packageVersion(m), group: m.group }))
    .sort((a, b) => (a.package < b.package ? -1 : a.package > b.package ? 1 : 0));
  return {
    schemaVersion: 1,
    host: input.host,
    time: new Date(input.nowMs).toISOString(),
    switchmanVersion: input.version,
    timeZone: input.timeZone,
    groups: served.sort(),
    packages,
  };
}

/**
 * Writes the beat, after publishing the manifests the previous beat did not list yet (a new
 * package or version here, the first beat, the first beat of an hour): two round trips a minute
 * in the steady state.
 * Returns the packages newly published.
 */
export async function sendHeartbeat(
  session: ZkSession,
  prefix: string,
  beat: HostBeat,
  manifests: readonly JobsManifest[],
  onTooLarge: (pkg: string, bytes: number) => void = () => undefined,
): Promise<string[]> {
  const path = hostPath(prefix, beat.host);
  const previousNode = await session.getData(path);
  const previous = previousNode === null ? undefined : parseHostBeat(previousNode.data.toString('utf8'));
  // Once an hour every manifest is published again, whatever the last beat said: a version that
  // `gc` removed in a race with this host's upgrade comes back (reconcile, do not trust the past).
  const sameHour = previous !== undefined && previous.time.slice(0, 13) === beat.time.slice(0, 13);
  const known = new Set(sameHour ? previous.packages.map((p) => `${p.package}\u0000${p.version}`) : []);
  const published: string[] = [];
  for (const manifest of manifests) {
    const version = packageVersion(manifest);
    if (known.has(`${manifest.package}\u0000${version}`)) continue;
    const data = Buffer.from(`${JSON.stringify(manifest)}\n`, 'utf8');
    if (data.length > MAX_MANIFEST_BYTES) {
      onTooLarge(manifest.package, data.length);
      continue;
    }
    try {
      await createWithParents(session, manifestPath(prefix, manifest.package, version), data);
      published.push(`${manifest.package} ${version}`);
    } catch (error) {
      // Another host of the fleet published this version first: the same package, the same content.
      if (!(error instanceof ZkError && error.code === ZK_NODE_EXISTS)) throw error;
    }
  }
  await putNode(session, path, `${JSON.stringify(beat)}\n`);
  return published;
}
