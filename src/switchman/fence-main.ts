// Entry of the fence process (`switchman --internal-fence`, spawned by fence-client.ts): wires
// the Fence logic to its channel (fd 3, a socketpair: newline-delimited JSON from switchman, and
// back), signals, cgroups and /proc. The channel is read and written with plain fs.read and
// fs.write, not Node's IPC: that keeps node:net and node:child_process unloaded, and the
// fence's start-up cheap.
import { closeSync, read, write } from 'node:fs';
import { cgroupPopulated, removeCgroup, signalCgroup } from './cgroup.js';
import { monotonicMs } from './clock.js';
import { Fence } from './fence.js';
import { FENCE_PROTOCOL, RUN_ID_ENV, isToFence, type FromFence } from './fence-protocol.js';
import { Logger } from './log.js';
import { findProcessesWithEnv, isGroupAlive } from './proc.js';

const CHANNEL_FD = 3;
const PPID_CHECK_MS = 200;

function closeStderr(): void {
  try {
    closeSync(2);
  } catch {
    // Already closed.
  }
}

/** The channel back to switchman. It may be gone (EPIPE) or the line may not fit at once (EAGAIN): a hint, not a duty, so one try is enough. */
function notify(message: FromFence): void {
  write(CHANNEL_FD, `${JSON.stringify(message)}\n`, () => undefined);
}

/** `protocol`: argv[3], the messages switchman speaks (none from a switchman older than the number: 1). */
export function runFence(protocol: string | undefined): void {
  if ((protocol ?? '1') !== String(FENCE_PROTOCOL)) {
    // switchman was upgraded after this run started: its messages could be misread. Exiting
    // before "ready" keeps the job from starting; the line reaches cron's mail.
    process.stderr.write(`switchman: the fence on disk speaks protocol ${FENCE_PROTOCOL}, this run ${protocol ?? '1'} (switchman was upgraded while it started); not running the job\n`);
    process.exit(1);
  }
  const parent = process.ppid;
  let logfile: string | undefined;
  // Signals meant for switchman's terminal or session are not for the fence.
  for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(signal, () => undefined);

  const fence = new Fence({
    now: monotonicMs,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
    signalGroup: (pgid, signal) => {
      try {
        process.kill(-pgid, signal);
      } catch {
        // Already gone.
      }
    },
    groupAlive: (pgid) => isGroupAlive(pgid),
    findRunGroups: (runId) => [...new Set(findProcessesWithEnv(`${RUN_ID_ENV}=${runId}`).map((p) => p.pgid))].filter((g) => g !== process.pid),
    signalCgroup: (dir, signal) => signalCgroup(dir, signal),
    cgroupAlive: (dir) => cgroupPopulated(dir),
    removeCgroup: (dir) => void removeCgroup(dir),
    notify,
    log: (message, fields) => new Logger({ level: 'warning', file: logfile }).warning(`fence: ${message}`, fields),
    exit: () => process.exit(0),
  });

  let pending = '';
  const onLine = (line: string): void => {
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (!isToFence(message)) return;
    if (message.t === 'prepare') logfile = message.logfile;
    // Released: nothing left to report, so let go of switchman's stderr at once. cron (like any
    // caller reading it) waits for every holder of that pipe, so keeping it until node has
    // torn down would add the fence's exit time to every run.
    if (message.t === 'release') closeStderr();
    fence.onMessage(message);
  };
  const buffer = Buffer.alloc(64 * 1024);
  const readMore = (): void => {
    read(CHANNEL_FD, buffer, 0, buffer.length, null, (error, bytes) => {
      if (error !== null && (error.code === 'EAGAIN' || error.code === 'EINTR')) {
        setTimeout(readMore, 20);
        return;
      }
      if (error !== null || bytes === 0) {
        // EOF: switchman's end is closed, so switchman is gone (or done and has released us).
        fence.onOrphaned();
        return;
      }
      pending += buffer.toString('utf8', 0, bytes);
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        onLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
      if (!fence.isEnded) readMore();
    });
  };
  readMore();
  const ppidCheck = setInterval(() => {
    if (process.ppid !== parent) fence.onOrphaned();
  }, PPID_CHECK_MS);
  ppidCheck.unref();
  // Signals handled, channel read, orphan check on: switchman may start the job.
  notify({ t: 'ready' });
}
