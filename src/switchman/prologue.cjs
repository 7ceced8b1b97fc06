// The first statement of the switchman bundle (scripts/bundle-switchman.mjs puts it ahead of
// everything else, fence included). Node 18 and 20 start their inspector when SIGUSR1 arrives
// and nobody listens for it; a listener installed here takes SIGUSR1 (and the stop signals)
// from the moment switchman's own code runs, and keeps what arrived for signals.ts to act on
// once the run is set up. What arrives earlier, during node's own start-up, only reaches an
// inspector that cannot listen: switchman is started with an unbindable --inspect-port.
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
})();
