// What `switchman check`, `metrics` and `status` judge: the fleet's state as read from
// ZooKeeper in one go (read-fleet.ts), plus this box's own view. Plain data, so every check
// is a pure function of it and can be tested without a server.
import type { JobsManifest } from '../../contract/jobs-manifest.js';
import type { Groups } from '../groups.js';
import type { Control, HostBeat, JobRuns } from './records.js';

export interface HostEntry {
  /** The host name as its node names it. */
  host: string;
  /** undefined when the node's data is not a HostBeat (then the host is stale). */
  beat: HostBeat | undefined;
  /** The node's last modification, on the ZooKeeper server's clock, ms since the epoch. */
  mtimeMs: number;
  /** The node's data version: gc deletes only the version it judged. */
  version: number;
}

export interface PublishedManifest {
  manifest: JobsManifest;
  /** When the first heartbeat published this package version (node creation, server clock). */
  firstSeenMs: number;
}

export interface JobRunsEntry {
  lock: string;
  runs: JobRuns | undefined;
  mtimeMs: number;
  version: number;
}

export interface HostRunsEntry extends JobRunsEntry {
  host: string;
}

export interface HeldLock {
  lock: string;
  host: string;
  pid: number | undefined;
  /** Lock node creation on the server, ms since the epoch. */
  sinceMs: number;
}

export interface FleetSnapshot {
  /** "Now" for every age and schedule: the real clock, or the --now option. */
  nowMs: number;
  prefix: string;
  /** The groups document at the prefix; a string says why there is none. */
  groups: Groups | string;
  hosts: HostEntry[];
  manifests: PublishedManifest[];
  runs: JobRunsEntry[];
  hostRuns: HostRunsEntry[];
  locks: HeldLock[];
  control: Control;
}

/** This box, as the check sees it from here. */
export interface LocalView {
  host: string;
  /** false: the config says "configured": false. */
  configured: boolean;
  /** undefined when ZooKeeper answered; else why not (the check is CRITICAL then). */
  zkError: string | undefined;
  /** The manifests installed on this box (manifest_dir), and the files that could not be read. */
  manifests: JobsManifest[];
  manifestErrors: string[];
  timeZone: string;
}
