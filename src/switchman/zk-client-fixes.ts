// Three defects of node-zookeeper-client 1.x that a switchman must survive, patched per client:
// - the half-read frame of a closed connection (pendingBuffer) is kept, and the next
//   connection's bytes are glued to it: replies are parsed out of step;
// - a reply parsed out of step can carry an unknown error code, and Exception.create throws
//   it from the socket's data handler: an uncaught exception that kills the process (seen when
//   ZooKeeper restarts mid-run: exit 1, the job left to the fence);
// - a connection that goes silent is never given up: the library pings every third of the
//   session timeout but never asks whether anything came back (its readTimeout is commented
//   out). A frozen server, or a partition that drops packets without a reset, left every
//   request waiting for ever and never failed over to another server.
// A new connection starts clean; a reply that cannot be parsed, or nothing heard for two
// thirds of the session timeout (the Java client's read timeout), drops the connection, which
// the client already treats as a disconnect: pending requests fail with CONNECTION_LOSS and it
// connects again, to the next server.

/** The parts of the library's ConnectionManager that the patch touches. */
export interface ConnectionManagerInternals {
  pendingBuffer: Buffer | null;
  socket?: { destroy(): void } | undefined;
  /** The negotiated session timeout (ms), once connected. */
  sessionTimeout: number;
  onSocketConnected(...args: unknown[]): void;
  onSocketData(buffer: Buffer): void;
  onSocketClosed(...args: unknown[]): void;
}

export interface HardenOptions {
  /** A monotonic clock (ms). */
  now?(): number;
  setInterval?(fn: () => void, ms: number): { unref?(): unknown };
  /** Called whenever the server sends anything (an answer, a ping's, a watch event). */
  onHeard?(): void;
  /** Runs fn once pending I/O has been read (setImmediate). */
  afterIo?(fn: () => void): void;
}

/** How often the read timeout is looked at: well within the smallest session timeout ZooKeeper grants. */
const READ_CHECK_MS = 100;

export function hardenConnectionManager(manager: ConnectionManagerInternals, options: HardenOptions = {}): void {
  const now = options.now ?? (() => performance.now());
  const every = options.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms));
  const afterIo = options.afterIo ?? ((fn: () => void) => void setImmediate(fn));
  const onConnected = manager.onSocketConnected;
  const onData = manager.onSocketData;
  const onClosed = manager.onSocketClosed;
  // When the current socket last brought anything; undefined while there is none.
  let heardAt: number | undefined;
  let watching = false;
  const watchSilence = (): void => {
    if (watching) return;
    watching = true;
    // Never keeps the process alive: a session nobody uses any more needs no watching.
    const silent = (): boolean => heardAt !== undefined && manager.socket !== undefined && now() - heardAt > (manager.sessionTimeout * 2) / 3;
    every(() => {
      if (!silent()) return;
      // Timers run before I/O in node's loop: after a stall (a starved box, the :00 herd) an
      // answer may be waiting unread. Look again once pending I/O has been read.
      afterIo(() => {
        if (!silent()) return;
        heardAt = undefined;
        manager.socket?.destroy();
      });
    }, READ_CHECK_MS).unref?.();
  };
  // Own properties: the library binds these when it opens each socket, so every socket gets them.
  manager.onSocketConnected = function (this: ConnectionManagerInternals, ...args: unknown[]): void {
    this.pendingBuffer = null;
    heardAt = now();
    watchSilence();
    onConnected.apply(this, args);
  };
  manager.onSocketClosed = function (this: ConnectionManagerInternals, ...args: unknown[]): void {
    // Until the next socket connects, the library's own connect timeout is in charge.
    heardAt = undefined;
    onClosed.apply(this, args);
  };
  manager.onSocketData = function (this: ConnectionManagerInternals, buffer: Buffer): void {
    heardAt = now();
    options.onHeard?.();
    try {
      onData.call(this, buffer);
    } catch {
      this.pendingBuffer = null;
      this.socket?.destroy();
    }
  };
}

/** Applies the patch to a client made by createClient, before connect(). */
export function hardenClient(client: object, options?: HardenOptions): void {
  const manager = (client as { connectionManager?: ConnectionManagerInternals }).connectionManager;
  if (manager !== undefined) hardenConnectionManager(manager, options);
}
