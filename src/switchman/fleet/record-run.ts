// The run record a runner leaves in ZooKeeper when its job ends: what check and metrics read.
import type { StopReason } from '../exit-codes.js';
import type { ZkSession } from '../zk-session.js';
import { hostRunPath, runPath } from './layout.js';
import { mergeRun, parseJobRuns } from './records.js';
import type { RunRecord, RunResult, StopCause } from './records.js';
import { updateNode } from './store.js';

/** How a run ended, in the record's words: the job's own failure is "failed", switchman's stop "stopped". */
export function outcomeOf(reason: StopReason, exitCode: number): { result: RunResult; cause: StopCause | null } {
  switch (reason.kind) {
    case 'exited':
      return { result: exitCode === 0 ? 'ok' : 'failed', cause: null };
    case 'lost-lock':
      return { result: 'stopped', cause: 'lost-lock' };
    case 'lost-permission':
      return { result: 'stopped', cause: 'left-group' };
    case 'zk-lost':
      return { result: 'stopped', cause: 'session-lost' };
    case 'held-back':
      return { result: 'stopped', cause: reason.cause };
    case 'signal':
      return { result: 'stopped', cause: reason.signal === 'SIGUSR1' ? 'drained' : 'signal' };
  }
}

/** Merges the run into its lock's record (or, for --no-lock, its host's record of that name). */
export async function recordRun(session: ZkSession, prefix: string, run: RunRecord, noLock: boolean): Promise<void> {
  const path = noLock ? hostRunPath(prefix, run.host, run.lock) : runPath(prefix, run.lock);
  await updateNode(session, path, (current) => {
    const previous = current === undefined ? undefined : parseJobRuns(current);
    return `${JSON.stringify(mergeRun(previous, run))}\n`;
  });
}
