// Three defects of node-zookeeper-client 1.x that a switchman must survive, patched per client:
// - the half-read frame of a closed connection (pendingBuffer) is kept, and the next
//   connection's bytes are glued to it: replies are parsed out of step;
// - a reply parsed out of step can carry an unknown error code, and Exception.create throws
//   it from the socket's data handler: an uncaught exception that kills the process (seen when
//   ZooKeeper restarts mid-run: exit 1, the job left to the fence);
// - a connection that goes silent is never given up: the library pings every third of the
//   session timeout but never asks whether anything came back (its readTimeout is commented
//   out). A frozen server, or a partition that drops packets without a reset, left every
//   request waiting for ever and never failed over to another server. The silence is counted
//   in time the process was awake: a stall of our own (a starved box) is not the server's.
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
  setInterval?(fn: () => void, ms: number): unknown;
  clearInterval?(handle: unknown): void;
  /** Called whenever the server sends anything (an answer, a ping's, a watch event). */
  onHeard?(): void;
  /** Runs fn once pending I/O has been read (setImmediate). */
  afterIo?(fn: () => void): void;
}

/** How often the read timeout is looked at: well within the smallest session timeout ZooKeeper grants. */
const READ_CHECK_MS = 100;

/** Patches the manager; returns what stops its silence watch (the session is closed). */
export function hardenConnectionManager(manager: ConnectionManagerInternals, options: HardenOptions = {}): () => void {
  const now = options.now ?? (() => performance.now());
  const every = options.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms));
  const afterIo = options.afterIo ?? ((fn: () => void) => void setImmediate(fn));
  const onConnected = manager.onSocketConnected;
  const onData = manager.onSocketData;
  const onClosed = manager.onSocketClosed;
  // How long the current socket has brought nothing, counted in time this process was awake:
  // a process starved of CPU (the :00 herd) sent no pings meanwhile, so its own stall is not
  // the server's silence. undefined while there is no connected socket.
  let silentMs: number | undefined;
  let lastTick = now();
  let watching = false;
  let stopped = false;
  let interval: unknown;
  const silent = (): boolean => silentMs !== undefined && manager.socket !== undefined && silentMs > (manager.sessionTimeout * 2) / 3;
  const watchSilence = (): void => {
    if (watching || stopped) return;
    watching = true;
    lastTick = now();
    // Never keeps the process alive: a session nobody uses any more needs no watching.
    interval = every(() => {
      const tick = now();
      const awakeMs = Math.min(tick - lastTick, 2 * READ_CHECK_MS);
      lastTick = tick;
      if (silentMs === undefined) return;
      silentMs += awakeMs;
      if (!silent()) return;
      // Timers run before I/O in node's loop: an answer may be waiting unread. Look again once
      // pending I/O has been read.
      afterIo(() => {
        if (!silent()) return;
        silentMs = undefined;
        manager.socket?.destroy();
      });
    }, READ_CHECK_MS);
    (interval as { unref?(): unknown }).unref?.();
  };
  // Own properties: the library binds these when it opens each socket, so every socket gets them.
  manager.onSocketConnected = function (this: ConnectionManagerInternals, ...args: unknown[]): void {
    this.pendingBuffer = null;
    silentMs = 0;
    watchSilence();
    onConnected.apply(this, args);
  };
  manager.onSocketClosed = function (this: ConnectionManagerInternals, ...args: unknown[]): void {
    // Until the next socket connects, the library's own connect timeout is in charge.
    silentMs = undefined;
    onClosed.apply(this, args);
  };
  manager.onSocketData = function (this: ConnectionManagerInternals, buffer: Buffer): void {
    silentMs = 0;
    options.onHeard?.();
    try {
      onData.call(this, buffer);
    } catch {
      this.pendingBuffer = null;
      this.socket?.destroy();
    }
  };
  return () => {
    stopped = true;
    if (interval !== undefined) (options.clearInterval ?? ((handle: unknown) => clearInterval(handle as NodeJS.Timeout)))(interval);
  };
}

/** Applies the patch to a client made by createClient, before connect(). */
export function hardenClient(client: object, options?: HardenOptions): () => void {
  const manager = (client as { connectionManager?: ConnectionManagerInternals }).connectionManager;
  return manager === undefined ? () => undefined : hardenConnectionManager(manager, options);
}
