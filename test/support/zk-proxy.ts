// A TCP proxy between one switchman and ZooKeeper that can cut the network at the worst moment:
// right after forwarding the client's `create` request (and what follows it within 50 ms), right
// after the server's answer to the handshake, or now. From then on nothing goes to the server
// (so the session expires there), the server's answers are held back, and new connections are
// left hanging; heal() delivers the held answers (the stale "created") and closes the client's
// connection, and traffic flows freely again.
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/** ZooKeeper's op code of a create request (jute RequestHeader.type). */
const OP_CREATE = 1;

/** Splits a client→server stream into frames (4-byte length prefix) and tells whether one is a create. */
class FrameReader {
  private buffer = Buffer.alloc(0);
  private first = true;

  /** Returns true when the data completes a create request. */
  push(chunk: Buffer): boolean {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    let sawCreate = false;
    while (this.buffer.length >= 4) {
      const length = this.buffer.readInt32BE(0);
      if (this.buffer.length < 4 + length) break;
      // The first frame is the ConnectRequest, which has no request header.
      if (!this.first && length >= 8 && this.buffer.readInt32BE(8) === OP_CREATE) sawCreate = true;
      this.first = false;
      this.buffer = this.buffer.subarray(4 + length);
    }
    return sawCreate;
  }
}

export class ZkProxy {
  private armed = false;
  private cutAfterAnswer = false;
  private cut = false;
  private held: { client: Socket; server: Socket; data: Buffer[] }[] = [];
  private hanging: Socket[] = [];
  private sockets = new Set<Socket>();
  /** Resolves when a create has gone through and the network is cut. */
  readonly cutHappened: Promise<void>;
  private onCut: () => void = () => undefined;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    this.cutHappened = new Promise((resolve) => (this.onCut = resolve));
  }

  static async start(target: { host: string; port: number }): Promise<ZkProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new ZkProxy(server, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.accept(client, target));
    return proxy;
  }

  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Cut the network right after the next create request. */
  armCutAfterCreate(): void {
    this.armed = true;
  }

  /**
   * Cut the network now, silently: nothing more goes either way and new connections hang, but
   * no connection is closed (a frozen server, or a partition that drops packets).
   */
  cutNow(): void {
    this.cut = true;
    this.onCut();
  }

  /** Cut silently right after the server's next answer (the first: its reply to the handshake). */
  armCutAfterAnswer(): void {
    this.cutAfterAnswer = true;
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    this.sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => this.sockets.delete(client));
    if (this.cut) {
      this.hanging.push(client);
      client.pause();
      return;
    }
    const server = new (client.constructor as typeof Socket)();
    this.sockets.add(server);
    server.on('error', () => undefined);
    server.on('close', () => this.sockets.delete(server));
    server.connect(target.port, target.host);
    const reader = new FrameReader();
    const entry = { client, server, data: [] as Buffer[] };
    let holding = false;
    client.on('data', (chunk: Buffer) => {
      if (this.cut) return;
      const sawCreate = reader.push(chunk);
      server.write(chunk);
      if (sawCreate && this.armed) {
        // From now on the answers wait; the requests sent right behind the create (the
        // client's `exists`) still get through for a moment, then the cut is complete.
        this.armed = false;
        holding = true;
        this.held.push(entry);
        setTimeout(() => {
          this.cut = true;
          this.onCut();
        }, 50);
      }
    });
    server.on('data', (chunk: Buffer) => {
      if (holding) entry.data.push(chunk);
      else if (!this.cut) {
        client.write(chunk);
        if (this.cutAfterAnswer) {
          this.cutAfterAnswer = false;
          this.cutNow();
        }
      }
    });
    server.on('close', () => {
      if (!this.held.includes(entry)) client.destroy();
    });
    client.on('close', () => server.destroy());
  }

  /** Delivers the held answers, then closes those connections; from now on traffic flows. */
  heal(): void {
    this.cut = false;
    for (const entry of this.held) {
      for (const chunk of entry.data) entry.client.write(chunk);
      entry.client.end();
      entry.server.destroy();
    }
    this.held = [];
    for (const socket of this.hanging) socket.destroy();
    this.hanging = [];
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
