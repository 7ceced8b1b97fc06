// An ephemeral sequential create whose reply may be lost. If the connection drops after the
// request left, the node may or may not exist: retrying blindly could make a second one (a
// second place in a queue, a lease counted twice). So after a lost reply we wait for the
// session to reconnect, look for a node of ours (its ephemeral owner is our session) among
// the parent's children with that name, and create again only if there is none.
//
// The names themselves stay as App::Switchman reads them (<lockname>-N, acquire-N,
// <count>_<total>_N), so no GUID goes into them as in Curator's protected mode: the session
// is the token, which is enough because a run has at most one create of each kind at a time.
import { ZK_CONNECTION_LOSS, ZK_SESSION_EXPIRED, ZkError } from '../zk-session.js';
import type { ResourceSession } from './resource-session.js';

/** Resolves once the session is connected again; rejects if it expires first. */
function reconnected(session: ResourceSession): Promise<void> {
  if (session.isConnected) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = (): void => {
      session.off('connected', onConnected);
      session.off('expired', onExpired);
    };
    const onConnected = (): void => {
      done();
      resolve();
    };
    const onExpired = (): void => {
      done();
      reject(new ZkError('the session expired while a create was in flight', ZK_SESSION_EXPIRED));
    };
    session.on('connected', onConnected);
    session.on('expired', onExpired);
  });
}

/** Our node `<name><10 digits>` under `parent`, if the session has one. */
async function findOwn(session: ResourceSession, parent: string, name: string): Promise<string | undefined> {
  const candidates = ((await session.getChildren(parent)) ?? []).filter((child) => child.startsWith(name) && /^\d{10}$/.test(child.slice(name.length)));
  for (const child of candidates.sort()) {
    const stat = await session.exists(`${parent}/${child}`);
    if (stat !== null && stat.ephemeralOwner === session.sessionId) return `${parent}/${child}`;
  }
  return undefined;
}

/** Creates the ephemeral sequential node `<prefixPath><10 digits>` exactly once; returns its path. */
export async function createOwnSequential(session: ResourceSession, prefixPath: string, data: Buffer): Promise<string> {
  for (;;) {
    try {
      return await session.createEphemeralSequential(prefixPath, data);
    } catch (error) {
      if (!(error instanceof ZkError && error.code === ZK_CONNECTION_LOSS)) throw error;
    }
    await reconnected(session);
    const slash = prefixPath.lastIndexOf('/');
    const found = await findOwn(session, prefixPath.slice(0, slash), prefixPath.slice(slash + 1));
    if (found !== undefined) return found;
  }
}
