// A TCP proxy in front of ZooKeeper that counts what clients ask: every client→server frame
// (4-byte length prefix) is parsed into its request type and path, and the bytes are counted
// both ways. ZooKeeper's own counters (mntr, srvr) are per server, not per client, and the
// four-letter words are mostly disabled: this sees exactly one client's requests.
// The first frame of a connection is the ConnectRequest (no request header); every other one
// starts with the RequestHeader (xid int32, type int32), then, for the path operations, the
// path (int32 length + UTF-8) and, for the reads, the watch flag (one byte).
import { createServer, Socket } from 'node:net';
import type { AddressInfo, Server } from 'node:net';

/** ZooKeeper's request types (ZooDefs.OpCode). */
export const OP_NAMES: Record<number, string> = {
  0: 'notification',
  1: 'create',
  2: 'delete',
  3: 'exists',
  4: 'getData',
  5: 'setData',
  6: 'getACL',
  7: 'setACL',
  8: 'getChildren',
  9: 'sync',
  11: 'ping',
  12: 'getChildren2',
  13: 'check',
  14: 'multi',
  15: 'create2',
  16: 'reconfig',
  17: 'checkWatches',
  18: 'removeWatches',
  19: 'createContainer',
  21: 'createTTL',
  100: 'auth',
  101: 'setWatches',
  105: 'setWatches2',
  106: 'addWatch',
  [-10]: 'createSession',
  [-11]: 'closeSession',
};

/** Types whose request body starts with the path. */
const WITH_PATH = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 15, 18, 19, 21, 106]);
/** Types whose request is path + watch flag. */
const WITH_WATCH = new Set([3, 4, 8, 12]);

export interface ZkRequest {
  /** 'connect' for the ConnectRequest, else the op name (or "op<N>" for an unknown type). */
  op: string;
  path: string | undefined;
  /** For the reads: whether the request leaves a watch on the server. */
  watch: boolean;
  /** Which client connection (0, 1, ... in accept order). */
  connection: number;
}

function parseRequest(frame: Buffer, first: boolean, connection: number): ZkRequest {
  if (first) return { op: 'connect', path: undefined, watch: false, connection };
  const type = frame.length >= 8 ? frame.readInt32BE(4) : Number.NaN;
  const op = OP_NAMES[type] ?? `op${type}`;
  let path: string | undefined;
  let watch = false;
  if (WITH_PATH.has(type) && frame.length >= 12) {
    const length = frame.readInt32BE(8);
    if (length >= 0 && frame.length >= 12 + length) {
      path = frame.toString('utf8', 12, 12 + length);
      if (WITH_WATCH.has(type) && frame.length >= 13 + length) watch = frame[12 + length] !== 0;
    }
  }
  return { op, path, watch, connection };
}

export class CountingProxy {
  requests: ZkRequest[] = [];
  /** Bytes from the clients to ZooKeeper, and from ZooKeeper to the clients. */
  bytesToServer = 0;
  bytesToClient = 0;
  private connections = 0;
  private readonly open = new Set<Socket>();
  private idleWaiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<CountingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new CountingProxy(server, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.accept(client, target));
    return proxy;
  }

  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Forgets what was counted so far. */
  reset(): void {
    this.requests = [];
    this.bytesToServer = 0;
    this.bytesToClient = 0;
  }

  /** Resolves once no client connection is open (the last frames of a client that exited are in). */
  idle(timeoutMs = 5000): Promise<void> {
    if (this.open.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    const connection = this.connections++;
    this.open.add(client);
    const upstream = new Socket();
    upstream.connect(target.port, target.host);
    let pending: Buffer = Buffer.alloc(0);
    let first = true;
    client.on('data', (chunk: Buffer) => {
      this.bytesToServer += chunk.length;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let offset = 0;
      while (pending.length - offset >= 4) {
        const length = pending.readInt32BE(offset);
        if (pending.length - offset < 4 + length) break;
        this.requests.push(parseRequest(pending.subarray(offset + 4, offset + 4 + length), first, connection));
        first = false;
        offset += 4 + length;
      }
      pending = pending.subarray(offset);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      this.bytesToClient += chunk.length;
      client.write(chunk);
    });
    const closed = (): void => {
      client.destroy();
      upstream.destroy();
      if (!this.open.delete(client)) return;
      if (this.open.size === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
    };
    client.on('error', closed);
    upstream.on('error', closed);
    client.on('close', closed);
    upstream.on('close', closed);
  }

  /** Drops every open connection (as a server that died would); new ones are served as before. */
  dropConnections(): void {
    for (const socket of this.open) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
