// A ZooKeeper session in memory, for the run's watchers: nodes with owners and versions,
// one-shot watches as ZooKeeper sets them, contact and connection events under the test's control.
import { EventEmitter } from 'node:events';
import type { AcquireResult } from '../../../src/switchman/lock.js';
import type { SessionPort } from '../../../src/switchman/run/ports.js';
import type { NodeStat } from '../../../src/switchman/zk-session.js';
import type { FakeClock } from '../fake-clock.js';

export const OURS = '00000000000000aa';
export const THEIRS = '00000000000000bb';

interface FakeNode {
  data: string;
  owner: string;
  version: number;
  czxid: number;
}

export class FakeSession extends EventEmitter implements SessionPort {
  readonly sessionId = OURS;
  isConnected = true;
  lastContactMs: number;
  private readonly nodes = new Map<string, FakeNode>();
  private readonly watches = new Map<string, (() => void)[]>();
  private zxid = 1;
  /** Every read, as "op path". */
  readonly reads: string[] = [];
  /** Reads fail (connection loss) while set. */
  failing = false;

  constructor(
    private readonly clock: FakeClock,
    readonly timeoutMs = 9000,
  ) {
    super();
    this.lastContactMs = clock.now;
  }

  /** An answer from the server: the lease is renewed from now. */
  contact(): void {
    this.lastContactMs = this.clock.now;
    this.emit('contact', this.lastContactMs);
  }

  private stat(path: string): NodeStat | null {
    const node = this.nodes.get(path);
    return node === undefined ? null : { version: node.version, ephemeralOwner: node.owner, ctimeMs: 0, mtimeMs: 0, czxid: String(node.czxid) };
  }

  private watch(path: string, watcher: (() => void) | undefined): void {
    if (watcher === undefined) return;
    const list = this.watches.get(path) ?? [];
    if (!list.includes(watcher)) list.push(watcher);
    this.watches.set(path, list);
  }

  private fire(path: string): void {
    const list = this.watches.get(path) ?? [];
    this.watches.delete(path);
    for (const w of list) w();
  }

  async exists(path: string, watcher?: () => void): Promise<NodeStat | null> {
    this.reads.push(`exists ${path}`);
    if (this.failing) throw new Error('connection loss');
    this.watch(path, watcher);
    return this.stat(path);
  }

  async getData(path: string, watcher?: () => void): Promise<{ data: Buffer; stat: NodeStat } | null> {
    this.reads.push(`getData ${path}`);
    if (this.failing) throw new Error('connection loss');
    const node = this.nodes.get(path);
    if (node === undefined) return null;
    this.watch(path, watcher);
    return { data: Buffer.from(node.data), stat: this.stat(path) as NodeStat };
  }

  /** Creates or changes a node (ephemeral of `owner`, or persistent), firing its watches. */
  set(path: string, data: string, owner = '0000000000000000'): void {
    const node = this.nodes.get(path);
    if (node === undefined || node.owner !== owner) this.nodes.set(path, { data, owner, version: 0, czxid: this.zxid++ });
    else this.nodes.set(path, { ...node, data, version: node.version + 1 });
    this.fire(path);
  }

  delete(path: string): void {
    this.nodes.delete(path);
    this.fire(path);
  }

  /** Changes a node without firing its watch (as if the event was lost with the connection). */
  setQuietly(path: string, data: string, owner: string): void {
    this.nodes.set(path, { data, owner, version: 0, czxid: this.zxid++ });
  }

  /** Takes the lock node as acquireLock would: ok when it was free. */
  async createLock(path: string, data: string, watcher?: () => void): Promise<AcquireResult> {
    const existing = this.nodes.get(path);
    if (existing !== undefined) {
      this.watch(path, watcher);
      return { ok: false, holder: existing.data };
    }
    this.set(path, data, OURS);
    this.watch(path, watcher);
    return { ok: true, stat: this.stat(path) ?? undefined };
  }

  watchCount(path: string): number {
    return this.watches.get(path)?.length ?? 0;
  }
}

/** Lets pending promise callbacks run (the watchers' reads are async). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
