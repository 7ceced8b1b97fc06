// A promise-based view of one ZooKeeper session (node-zookeeper-client underneath).
// It also tracks the last moment the server certainly heard from us: the *send* time of the
// latest request that got an answer. The server cannot expire the session before that moment
// plus the negotiated session timeout, which is what fencing (lease.ts) builds on.
// Nothing waits on it for ever: a session that cannot reconnect within a session timeout is
// taken as expired (a silent server never says so itself), and no request outlives two.
import { monotonicMs } from './clock.js';
import { EventEmitter } from 'node:events';
import { hardenClient } from './zk-client-fixes.js';
import { ZK_CONNECTION_LOSS, ZK_NO_NODE, ZK_SESSION_EXPIRED, ZkError, isServerAnswer, toZkError } from './zk-error.js';
import type { Client, Stat } from 'node-zookeeper-client';

type ZkModule = typeof import('node-zookeeper-client');

// Loaded on first use so that `switchman --internal-fence` never pays for it.
let zkModule: ZkModule | undefined;
async function loadZk(): Promise<ZkModule> {
  if (zkModule === undefined) {
    const imported = (await import('node-zookeeper-client')) as ZkModule & { default?: ZkModule };
    zkModule = imported.default ?? imported;
  }
  return zkModule;
}

export { ZK_BAD_VERSION, ZK_CONNECTION_LOSS, ZK_NODE_EXISTS, ZK_NOT_EMPTY, ZK_NO_NODE, ZK_SESSION_EXPIRED, ZkError, isSessionLoss } from './zk-error.js';

export interface NodeStat {
  version: number;
  /** Session id of the owner, 16 hex digits; '0000000000000000' for a persistent node. */
  ephemeralOwner: string;
  /** Creation time on the server, ms since the epoch. */
  ctimeMs: number;
  /** Last modification time on the server, ms since the epoch. */
  mtimeMs: number;
  /** zxid of the transaction that created the node, in decimal: grows with every new node, a fencing token. */
  czxid: string;
}

function toNodeStat(stat: Stat): NodeStat {
  return {
    version: stat.version,
    ephemeralOwner: stat.ephemeralOwner.toString('hex'),
    ctimeMs: Number(stat.ctime.readBigInt64BE(0)),
    mtimeMs: Number(stat.mtime.readBigInt64BE(0)),
    czxid: stat.czxid.readBigInt64BE(0).toString(),
  };
}

export type ZkWatcher = () => void;

export interface ConnectOptions {
  sessionTimeoutMs: number;
  connectTimeoutMs: number;
  /** Monotonic clock in ms; injectable for tests. */
  now?: () => number;
}

export type ZkSessionEvent = 'disconnected' | 'connected' | 'expired';

export class ZkSession extends EventEmitter {
  private readonly client: Client;
  private readonly zk: ZkModule;
  private readonly now: () => number;
  private lastContact: number;
  /** Monotonic time (ms) at which the server last sent anything at all (pings' answers too). */
  private lastHeard: number;
  private closed = false;
  private expired = false;
  private presumedExpiry: NodeJS.Timeout | undefined;
  /** Ends the silence watch of zk-client-fixes.ts, which also tells when the server was last heard. */
  private stopWatching: () => void = () => undefined;
  /** The requests waiting for an answer, to fail at once when the session is presumed expired. */
  private readonly pending = new Set<(error: ZkError) => void>();

  private constructor(zk: ZkModule, client: Client, now: () => number, startedAt: number) {
    super();
    this.zk = zk;
    this.client = client;
    this.now = now;
    this.lastContact = startedAt;
    this.lastHeard = startedAt;
    client.on('disconnected', () => {
      this.presumeExpiryUnlessReconnected();
      this.emit('disconnected');
    });
    client.on('connected', () => {
      clearTimeout(this.presumedExpiry);
      this.presumedExpiry = undefined;
      this.emit('connected');
    });
    client.on('expired', () => this.expire());
  }

  /**
   * Only a server can say a session expired, and one that cannot be reached never will: the
   * library would go on reconnecting, and every wait on the session with it. As Curator does,
   * a session that has not reconnected by the time the server must have expired it (nothing
   * heard for a whole session timeout) is taken as expired.
   */
  private presumeExpiryUnlessReconnected(): void {
    if (this.presumedExpiry !== undefined || this.expired || this.closed) return;
    const remainingMs = Math.max(0, this.lastHeard + this.timeoutMs - this.now());
    this.presumedExpiry = setTimeout(() => {
      this.presumedExpiry = undefined;
      // As for a request: a reconnect that came during a stall is read first.
      setImmediate(() => {
        if (!this.isConnected && !this.closed) this.expire();
      });
    }, remainingMs);
  }

  private expire(): void {
    clearTimeout(this.presumedExpiry);
    this.presumedExpiry = undefined;
    if (this.expired) return;
    this.expired = true;
    for (const fail of [...this.pending]) fail(new ZkError('SESSION_EXPIRED (nothing heard from ZooKeeper for a whole session timeout)', ZK_SESSION_EXPIRED));
    this.emit('expired');
  }

  static async connect(connectString: string, options: ConnectOptions): Promise<ZkSession> {
    const zk = await loadZk();
    const now = options.now ?? (() => monotonicMs());
    const startedAt = now();
    const client = zk.createClient(connectString, { sessionTimeout: options.sessionTimeoutMs, spinDelay: 250, retries: 0 });
    const session = new ZkSession(zk, client, now, startedAt);
    session.stopWatching = hardenClient(client, { now, onHeard: () => void (session.lastHeard = now()) });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.removeListener('connected', onConnected);
        client.close();
        session.stopWatching();
        reject(new ZkError(`cannot connect to ZooKeeper at ${connectString} within ${options.connectTimeoutMs} ms`, ZK_CONNECTION_LOSS));
      }, options.connectTimeoutMs);
      const onConnected = (): void => {
        clearTimeout(timer);
        resolve();
      };
      client.once('connected', onConnected);
      client.connect();
    });
    return session;
  }

  get sessionId(): string {
    return this.client.getSessionId().toString('hex');
  }

  /** The session timeout the server granted. */
  get timeoutMs(): number {
    return this.client.getSessionTimeout();
  }

  get isConnected(): boolean {
    return this.client.getState() === this.zk.State.SYNC_CONNECTED;
  }

  /** Monotonic time (ms) at which the server last certainly heard from this session. */
  get lastContactMs(): number {
    return this.lastContact;
  }

  private call<T>(op: string, path: string, start: (done: (error: unknown, value: T) => void) => void): Promise<T> {
    const sentAt = this.now();
    if (this.expired) return Promise.reject(new ZkError(`${op} ${path}: SESSION_EXPIRED`, ZK_SESSION_EXPIRED));
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const fail = (error: ZkError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending.delete(fail);
        reject(error);
      };
      // The library keeps a request made while no server answers until one does, which may be
      // never. A silent connection is dropped, and a session that cannot reconnect is presumed
      // expired, well before this backstop: twice the session timeout, so that a starved box's
      // slow answers are not failed. The outcome is then unknown, as after any connection loss.
      const timeoutMs = 2 * this.timeoutMs;
      // setImmediate: an answer that came during a stall is read (I/O runs after timers) first.
      const timer = setTimeout(() => setImmediate(() => fail(new ZkError(`${op} ${path}: no answer from ZooKeeper within ${timeoutMs} ms`, ZK_CONNECTION_LOSS))), timeoutMs);
      // A presumed expiry ends it at once.
      this.pending.add(fail);
      start((error, value) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        const zkError = error === null || error === undefined ? null : toZkError(error, op, path);
        if (isServerAnswer(zkError) && sentAt > this.lastContact) {
          this.lastContact = sentAt;
          this.emit('contact', sentAt);
        }
        if (settled) return;
        settled = true;
        if (zkError === null) resolve(value);
        else reject(zkError);
      });
    });
  }

  /** Data and stat of a node, or null when it does not exist. The watcher fires once on change or deletion. */
  async getData(path: string, watcher?: ZkWatcher): Promise<{ data: Buffer; stat: NodeStat } | null> {
    try {
      return await this.call<{ data: Buffer; stat: NodeStat }>('getData', path, (done) => {
        const cb = (error: unknown, data: Buffer, stat: Stat): void =>
          done(error, error ? (undefined as never) : { data: data ?? Buffer.alloc(0), stat: toNodeStat(stat) });
        if (watcher) this.client.getData(path, watcher, cb);
        else this.client.getData(path, cb);
      });
    } catch (error) {
      if (error instanceof ZkError && error.code === ZK_NO_NODE) return null;
      throw error;
    }
  }

  /** Stat of a node or null. With a watcher: fires once when the node is created, changed or deleted. */
  exists(path: string, watcher?: ZkWatcher): Promise<NodeStat | null> {
    return this.call<NodeStat | null>('exists', path, (done) => {
      const cb = (error: unknown, stat: Stat | null): void => done(error, stat ? toNodeStat(stat) : null);
      if (watcher) this.client.exists(path, watcher, cb);
      else this.client.exists(path, cb);
    });
  }

  /** The children's names, or null when the node does not exist. With a watcher: fires once when they change or the node goes. */
  async getChildren(path: string, watcher?: ZkWatcher): Promise<string[] | null> {
    try {
      return await this.call<string[]>('getChildren', path, (done) => {
        const cb = (error: unknown, children: string[]): void => done(error, children);
        if (watcher) this.client.getChildren(path, watcher, cb);
        else this.client.getChildren(path, cb);
      });
    } catch (error) {
      if (error instanceof ZkError && error.code === ZK_NO_NODE) return null;
      throw error;
    }
  }

  /** Creates an ephemeral node owned by this session. */
  createEphemeral(path: string, data: Buffer): Promise<void> {
    return this.call<void>('create', path, (done) =>
      this.client.create(path, data, this.zk.CreateMode.EPHEMERAL, (error) => done(error, undefined)),
    );
  }

  /** Creates an ephemeral sequential node `<prefix><10 digits>` owned by this session; returns its path. */
  createEphemeralSequential(prefix: string, data: Buffer): Promise<string> {
    return this.call<string>('create', prefix, (done) =>
      this.client.create(prefix, data, this.zk.CreateMode.EPHEMERAL_SEQUENTIAL, (error, path) => done(error, path)),
    );
  }

  /** Creates a persistent node (its parent must exist). */
  createPersistent(path: string, data: Buffer): Promise<void> {
    return this.call<void>('create', path, (done) =>
      this.client.create(path, data, this.zk.CreateMode.PERSISTENT, (error) => done(error, undefined)),
    );
  }

  /** Replaces a node's data, only at the given version (-1: any); returns the new stat. */
  setData(path: string, data: Buffer, version: number): Promise<NodeStat> {
    return this.call<NodeStat>('setData', path, (done) =>
      this.client.setData(path, data, version, (error, stat) => done(error, error ? (undefined as never) : toNodeStat(stat))),
    );
  }

  mkdirp(path: string): Promise<void> {
    return this.call<void>('mkdirp', path, (done) => this.client.mkdirp(path, (error) => done(error, undefined)));
  }

  /** Deletes a node only at the given version. */
  remove(path: string, version: number): Promise<void> {
    return this.call<void>('remove', path, (done) => this.client.remove(path, version, (error) => done(error, undefined)));
  }

  /**
   * Ends the session (its ephemeral nodes go with it); waits at most timeoutMs for the server.
   * With 0 it only sends the request: the kernel still delivers it if the process exits next.
   */
  close(timeoutMs: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    clearTimeout(this.presumedExpiry);
    this.presumedExpiry = undefined;
    this.stopWatching();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      this.client.once('disconnected', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.client.getState() === this.zk.State.SYNC_CONNECTED && timeoutMs > 0) this.client.close();
      else {
        this.client.close();
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
