// Two defects of node-zookeeper-client 1.x that a switchman must survive, patched per client:
// - the half-read frame of a closed connection (pendingBuffer) is kept, and the next
//   connection's bytes are glued to it: replies are parsed out of step;
// - a reply parsed out of step can carry an unknown error code, and Exception.create throws
//   it from the socket's data handler: an uncaught exception that kills the process (seen when
//   ZooKeeper restarts mid-run: exit 1, the job left to the fence).
// A new connection starts clean, and a reply that cannot be parsed drops the connection, which
// the client already treats as a disconnect (the lease and the reconnect logic take over).

/** The parts of the library's ConnectionManager that the patch touches. */
export interface ConnectionManagerInternals {
  pendingBuffer: Buffer | null;
  socket?: { destroy(): void } | undefined;
  onSocketConnected(...args: unknown[]): void;
  onSocketData(buffer: Buffer): void;
}

export function hardenConnectionManager(manager: ConnectionManagerInternals): void {
  const onConnected = manager.onSocketConnected;
  const onData = manager.onSocketData;
  // Own properties: the library binds these when it opens each socket, so every socket gets them.
  manager.onSocketConnected = function (this: ConnectionManagerInternals, ...args: unknown[]): void {
    this.pendingBuffer = null;
    onConnected.apply(this, args);
  };
  manager.onSocketData = function (this: ConnectionManagerInternals, buffer: Buffer): void {
    try {
      onData.call(this, buffer);
    } catch {
      this.pendingBuffer = null;
      this.socket?.destroy();
    }
  };
}

/** Applies the patch to a client made by createClient, before connect(). */
export function hardenClient(client: object): void {
  const manager = (client as { connectionManager?: ConnectionManagerInternals }).connectionManager;
  if (manager !== undefined) hardenConnectionManager(manager);
}
