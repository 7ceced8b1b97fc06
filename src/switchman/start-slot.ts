// The native launcher's start slot (src/switchman/launcher/switchman.c): a run holds one of the
// box's few slots from its start until it knows whether it runs, so that hundreds of runs cron
// starts in one second do not all load node and ask ZooKeeper at once. The prologue keeps the
// launcher's pipe open for it; releasing writes "d" and closes it, before any fence, job or
// wait for leases begins (nothing long-lived may inherit the pipe). Without the launcher there
// is no slot and nothing to do.
import { closeSync, writeSync } from 'node:fs';

interface StartSlot {
  fd: number | undefined;
}

export function releaseStartSlot(): void {
  const slot = (globalThis as { __switchmanStartSlot?: StartSlot }).__switchmanStartSlot;
  const fd = slot?.fd;
  if (slot === undefined || fd === undefined) return;
  slot.fd = undefined;
  try {
    writeSync(fd, 'd');
  } catch {
    // The launcher is gone: its death signal stops this run.
  }
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
}
