// The first statement of the switchman bundle (scripts/bundle-switchman.mjs puts it ahead of
// everything else, fence included). Node 18 and 20 start their inspector when SIGUSR1 arrives
// and nobody listens for it; a listener installed here takes SIGUSR1 (and the stop signals)
// from the moment switchman's own code runs, and keeps what arrived for signals.ts to act on
// once the run is set up. What arrives earlier, during node's own start-up, only reaches an
// inspector that cannot listen: switchman is started with an unbindable --inspect-port.
// Under the native launcher (src/switchman/launcher/switchman.c, /usr/bin/switchman on Debian)
// nothing arrives earlier: the launcher holds the signals until the byte written here says
// that these listeners are in place, then passes them on. The same pipe later gives back the
// launcher's start slot (the :00 herd: see the launcher's comment).
// The directive comes first so that the whole bundle stays strict code.
'use strict';
(() => {
  const early = { received: [], deliver: undefined };
  for (const signal of ['SIGUSR1', 'SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.on(signal, () => {
      if (early.deliver === undefined) early.received.push(signal);
      else early.deliver(signal);
    });
  }
  globalThis.__switchmanEarlySignals = early;
  const readyFd = process.env.SWITCHMAN_READY_FD;
  if (readyFd !== undefined) {
    // Deleted now, so no job or fence sees it; the pipe itself stays open until the run has
    // decided whether it runs: its "d" gives the launcher's start slot to the next run
    // (src/switchman/start-slot.ts closes it then, before any fence or job is started).
    delete process.env.SWITCHMAN_READY_FD;
    const fd = Number(readyFd);
    if (Number.isInteger(fd) && fd > 2) {
      const fs = require('fs');
      try {
        fs.writeSync(fd, 'r');
        globalThis.__switchmanStartSlot = { fd };
      } catch {
        // The launcher is gone: its death signal (SIGTERM) stops this run.
        try {
          fs.closeSync(fd);
        } catch {
          // Already closed.
        }
      }
    }
  }
})();
