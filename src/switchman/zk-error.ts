// ZooKeeper's errors as switchman sees them: the codes it acts on, one error class, and which
// errors mean the server answered (a fact about the data) or the connection or session went.
// Error codes of ZooKeeper (stable across versions, see KeeperException.Code).
export const ZK_CONNECTION_LOSS = -4;
export const ZK_NO_NODE = -101;
export const ZK_BAD_VERSION = -103;
export const ZK_NOT_EMPTY = -111;
export const ZK_NODE_EXISTS = -110;
export const ZK_SESSION_EXPIRED = -112;

export class ZkError extends Error {
  readonly code: number;
  constructor(message: string, code: number) {
    super(message);
    this.name = 'ZkError';
    this.code = code;
  }
}

export function toZkError(error: unknown, op: string, path: string): ZkError {
  if (error instanceof ZkError) return error;
  const e = error as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? e.code : 0;
  const name = typeof e.name === 'string' ? e.name : String(e.message ?? error);
  return new ZkError(`${op} ${path}: ${name}`, code);
}

/** Did the server answer (as opposed to the connection or session failing)? */
export function isServerAnswer(error: ZkError | null): boolean {
  return error === null || (error.code !== ZK_CONNECTION_LOSS && error.code !== ZK_SESSION_EXPIRED && error.code !== 0);
}

/** The connection or the session went, with the outcome of what was asked unknown: not a data or server error. */
export function isSessionLoss(error: unknown): error is ZkError {
  return error instanceof ZkError && (error.code === ZK_CONNECTION_LOSS || error.code === ZK_SESSION_EXPIRED);
}
