// While our session cannot reconnect, ask ZooKeeper through a fresh session whether the lock
// node is still ours. A server that lost its data (wiped and restarted) refuses our old session
// (it has seen a higher zxid than the server has) without ever saying "expired", so without
// this the job would run on until the lease's S/3 while another box already holds the lock.
// A fresh session has seen nothing and is accepted; what it reads decides.
import { isOwnedBy } from './lock.js';
import { ZkSession } from './zk-session.js';

export type LockVerdict = 'ours' | 'lost' | 'unknown';

export interface SecondOpinionOptions {
  connectString: string;
  lockPath: string;
  /** Our session's id, 16 hex digits. */
  sessionId: string;
  /** Bound on connecting; the answer is worthless once the lease has run out anyway. */
  timeoutMs: number;
}

/**
 * 'lost': a server answered that the lock node is gone or belongs to another session;
 * 'ours': it is still ours (our session lives on; the lease decides as before);
 * 'unknown': no server answered in time.
 */
export async function askAnotherSession(options: SecondOpinionOptions): Promise<LockVerdict> {
  let session: ZkSession;
  try {
    // The smallest session ZooKeeper grants: it only lives for one read.
    session = await ZkSession.connect(options.connectString, { sessionTimeoutMs: 4000, connectTimeoutMs: options.timeoutMs });
  } catch {
    return 'unknown';
  }
  try {
    const stat = await session.exists(options.lockPath);
    return stat !== null && isOwnedBy(stat, options.sessionId) ? 'ours' : 'lost';
  } catch {
    return 'unknown';
  } finally {
    await session.close(0);
  }
}
