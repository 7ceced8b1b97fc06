// While a run waits for its resources, someone else may run the job: App::Switchman gives up
// the wait when the job's lock node appears. A watch of our own (not the lock watcher's, which
// would try to take the lock back) tells us.
import type { ResourceSession } from './resource-session.js';

export interface LockAppearsWatch {
  /** The lock exists already: nothing to wait for. */
  exists: boolean;
  /** No more calls after this. */
  stop(): void;
}

export async function watchForLock(session: Pick<ResourceSession, 'exists'>, path: string, onAppeared: () => void): Promise<LockAppearsWatch> {
  let active = true;
  const watcher = (): void => {
    if (!active) return;
    // Any change: read it again (renewing the watch); only an existing lock ends the wait.
    session.exists(path, watcher).then(
      (stat) => {
        if (active && stat !== null) {
          active = false;
          onAppeared();
        }
      },
      () => undefined,
    );
  };
  const stat = await session.exists(path, watcher);
  if (stat !== null) active = false;
  return { exists: stat !== null, stop: () => (active = false) };
}
