// The snapshot indexed for the checks: hosts, run records and held locks by name, and how each
// host stands (fresh, stale, drained, serving a group) at the snapshot's "now".
import type { JobRuns } from '../records.js';
import type { FleetSnapshot, HeldLock, HostEntry } from '../snapshot.js';
import type { Thresholds } from '../thresholds.js';
import { iso, line } from './text.js';

export type HostState = 'fresh' | 'stale' | 'unreadable' | 'never';

export class Fleet {
  readonly now: number;
  readonly hostByName = new Map<string, HostEntry>();
  readonly runsByLock = new Map<string, JobRuns>();
  readonly hostRunsByLock = new Map<string, { host: string; runs: JobRuns }[]>();
  readonly locksByName = new Map<string, HeldLock[]>();

  constructor(
    readonly snapshot: FleetSnapshot,
    readonly thresholds: Thresholds,
  ) {
    this.now = snapshot.nowMs;
    for (const h of snapshot.hosts) this.hostByName.set(h.host, h);
    for (const r of snapshot.runs) if (r.runs !== undefined) this.runsByLock.set(r.lock, r.runs);
    for (const r of snapshot.hostRuns) {
      if (r.runs === undefined) continue;
      const list = this.hostRunsByLock.get(r.lock) ?? [];
      list.push({ host: r.host, runs: r.runs });
      this.hostRunsByLock.set(r.lock, list);
    }
    for (const l of snapshot.locks) {
      const list = this.locksByName.get(l.lock) ?? [];
      list.push(l);
      this.locksByName.set(l.lock, list);
    }
  }

  state(host: string): HostState {
    const entry = this.hostByName.get(host);
    if (entry === undefined) return 'never';
    if (entry.beat === undefined) return 'unreadable';
    return this.now - entry.mtimeMs <= this.thresholds.heartbeatStaleMs ? 'fresh' : 'stale';
  }

  drained(host: string): boolean {
    return this.snapshot.control.drained[host] !== undefined;
  }

  /** Whether this host can run jobs of the group now (the groups document lists it: checked by the caller). */
  serves(host: string, group: string): boolean {
    return this.state(host) === 'fresh' && !this.drained(host) && (this.hostByName.get(host)?.beat?.groups.includes(group) ?? false);
  }

  /** How a listed host stands, for a group's finding. */
  describe(host: string, group: string): string {
    const drain = this.snapshot.control.drained[host];
    const entry = this.hostByName.get(host);
    if (drain !== undefined) return `${line(host, 100)} draining since ${line(drain.at, 40) || '?'} by ${line(drain.by, 80)}`;
    switch (this.state(host)) {
      case 'never':
        return `${line(host, 100)} no heartbeat ever`;
      case 'unreadable':
        return `${line(host, 100)} unreadable heartbeat record`;
      case 'stale':
        return `${line(host, 100)} stale since ${iso(entry?.mtimeMs ?? Number.NaN)}`;
      case 'fresh':
        return entry?.beat?.groups.includes(group) ? `${line(host, 100)} serving` : `${line(host, 100)} fresh, but its heartbeat does not list the group`;
    }
  }
}
