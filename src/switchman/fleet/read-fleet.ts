// Reads the whole fleet's state from ZooKeeper in one go: every request is sent at once (the
// client pipelines them on one connection), so 6,000 nodes cost one wait, not 6,000.
import { parseJobsManifest } from '../../contract/jobs-manifest.js';
import { parseGroupsDocument } from '../groups.js';
import { readLocks } from '../lock.js';
import type { ZkSession } from '../zk-session.js';
import { controlPath, hostRunsPath, hostsPath, manifestsPath, runsPath, unsegment } from './layout.js';
import { parseControl, parseHostBeat, parseJobRuns } from './records.js';
import type { FleetSnapshot, HostEntry, HostRunsEntry, JobRunsEntry, PublishedManifest } from './snapshot.js';

async function childrenOf(session: ZkSession, path: string): Promise<string[]> {
  return ((await session.getChildren(path)) ?? []).sort();
}

async function readGroups(session: ZkSession, prefix: string): Promise<FleetSnapshot['groups']> {
  const node = await session.getData(prefix);
  if (node === null) return `no node ${prefix} in ZooKeeper`;
  const parsed = parseGroupsDocument(node.data.toString('utf8'));
  return parsed.ok ? parsed.groups : `invalid groups document at ${prefix}: ${parsed.error}`;
}

async function readHosts(session: ZkSession, prefix: string): Promise<HostEntry[]> {
  const dir = hostsPath(prefix);
  const names = await childrenOf(session, dir);
  const nodes = await Promise.all(names.map((name) => session.getData(`${dir}/${name}`)));
  const hosts: HostEntry[] = [];
  names.forEach((name, i) => {
    const node = nodes[i];
    if (node === null || node === undefined) return; // collected meanwhile
    hosts.push({ host: unsegment(name), beat: parseHostBeat(node.data.toString('utf8')), mtimeMs: node.stat.mtimeMs, version: node.stat.version });
  });
  return hosts;
}

async function readManifests(session: ZkSession, prefix: string): Promise<PublishedManifest[]> {
  const dir = manifestsPath(prefix);
  const packages = await childrenOf(session, dir);
  const versions = await Promise.all(packages.map(async (pkg) => ({ pkg, versions: await childrenOf(session, `${dir}/${pkg}`) })));
  const paths = versions.flatMap(({ pkg, versions: list }) => list.map((version) => `${dir}/${pkg}/${version}`));
  const nodes = await Promise.all(paths.map((path) => session.getData(path)));
  const manifests: PublishedManifest[] = [];
  for (const node of nodes) {
    if (node === null) continue;
    const parsed = parseJobsManifest(node.data.toString('utf8'));
    if (parsed.ok) manifests.push({ manifest: parsed.manifest, firstSeenMs: node.stat.ctimeMs });
  }
  return manifests;
}

async function readRuns(session: ZkSession, dir: string): Promise<JobRunsEntry[]> {
  const names = await childrenOf(session, dir);
  const nodes = await Promise.all(names.map((name) => session.getData(`${dir}/${name}`)));
  const runs: JobRunsEntry[] = [];
  names.forEach((name, i) => {
    const node = nodes[i];
    if (node === null || node === undefined) return;
    runs.push({ lock: unsegment(name), runs: parseJobRuns(node.data.toString('utf8')), mtimeMs: node.stat.mtimeMs, version: node.stat.version });
  });
  return runs;
}

async function readHostRuns(session: ZkSession, prefix: string): Promise<HostRunsEntry[]> {
  const dir = hostRunsPath(prefix);
  const hosts = await childrenOf(session, dir);
  const perHost = await Promise.all(hosts.map(async (host) => (await readRuns(session, `${dir}/${host}`)).map((entry) => ({ ...entry, host: unsegment(host) }))));
  return perHost.flat();
}

export async function readFleet(session: ZkSession, prefix: string, nowMs: number): Promise<FleetSnapshot> {
  const [groups, hosts, manifests, runs, hostRuns, locks, control] = await Promise.all([
    readGroups(session, prefix),
    readHosts(session, prefix),
    readManifests(session, prefix),
    readRuns(session, runsPath(prefix)),
    readHostRuns(session, prefix),
    readLocks(session, prefix),
    session.getData(controlPath(prefix)),
  ]);
  return {
    nowMs,
    prefix,
    groups,
    hosts,
    manifests,
    runs,
    hostRuns,
    locks: locks.map((entry) => ({ lock: entry.lock, host: entry.host, pid: entry.pid, sinceMs: entry.since.getTime() })),
    control: parseControl(control?.data.toString('utf8')),
  };
}
