// `switchman drain|undrain|pause|resume`: marks in the control node that every run reads when it
// starts and watches while its job runs (runner.ts), so a change reaches every box at once.
import type { ZkSession } from '../zk-session.js';
import { controlPath } from './layout.js';
import { parseControl } from './records.js';
import type { Control, Marker } from './records.js';
import { updateNode } from './store.js';

export type ControlChange =
  | { kind: 'drain'; host: string; marker: Marker; letRunningFinish: boolean }
  | { kind: 'undrain'; host: string }
  | { kind: 'pause'; target: 'group' | 'job'; name: string; marker: Marker }
  | { kind: 'resume'; target: 'group' | 'job'; name: string };

/** The control document after the change; undefined when it changes nothing (undrain of a host not drained). */
export function applyControlChange(control: Control, change: ControlChange): Control | undefined {
  const next: Control = { schemaVersion: 1, drained: { ...control.drained }, pausedGroups: { ...control.pausedGroups }, pausedJobs: { ...control.pausedJobs } };
  switch (change.kind) {
    case 'drain':
      next.drained[change.host] = { ...change.marker, letRunningFinish: change.letRunningFinish };
      break;
    case 'undrain':
      if (next.drained[change.host] === undefined) return undefined;
      delete next.drained[change.host];
      break;
    case 'pause':
      (change.target === 'group' ? next.pausedGroups : next.pausedJobs)[change.name] = change.marker;
      break;
    case 'resume': {
      const map = change.target === 'group' ? next.pausedGroups : next.pausedJobs;
      if (map[change.name] === undefined) return undefined;
      delete map[change.name];
      break;
    }
  }
  return next;
}

/** Sorted keys: the node reads the same whoever wrote it. */
function serialize(control: Control): string {
  const sorted = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ schemaVersion: 1, drained: sorted(control.drained), pausedGroups: sorted(control.pausedGroups), pausedJobs: sorted(control.pausedJobs) }, null, 2)}\n`;
}

/** Applies the change with a conditional write: two operators at once both land. Returns whether it changed anything. */
export async function changeControl(session: ZkSession, prefix: string, change: ControlChange): Promise<boolean> {
  const outcome = await updateNode(session, controlPath(prefix), (current) => {
    const next = applyControlChange(parseControl(current), change);
    return next === undefined ? undefined : serialize(next);
  });
  return outcome === 'written';
}
