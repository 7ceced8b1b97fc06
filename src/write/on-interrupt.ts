const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `work` with handlers for SIGINT, SIGTERM and SIGHUP that call
 * `cleanup` (synchronous: the process is about to end), then re-raise the
 * signal once no other handler is left, so the process ends as killed by it
 * (a shell sees 130, 143, 129 and stops its loop, as it should after Ctrl-C).
 * When the host program has handlers of its own, the process lives on and
 * `isInterrupted()` tells `work` to stop. Handlers are removed when `work`
 * settles: they exist only while something needs cleaning up.
 */
export async function whileInterruptible<T>(cleanup: () => void, work: (isInterrupted: () => boolean) => Promise<T>): Promise<T> {
  let interrupted = false;
  const handlers = new Map<NodeJS.Signals, () => void>();
  const uninstall = (): void => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    handlers.clear();
  };
  for (const signal of signals) {
    const handler = (): void => {
      interrupted = true;
      uninstall();
      try {
        cleanup();
      } finally {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      }
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  try {
    return await work(() => interrupted);
  } finally {
    uninstall();
  }
}

/**
 * Two turns of the event loop. A signal that arrives while synchronous code
 * runs waits in libuv's queue; its handler runs in the poll phase between
 * these turns, not later, when the handlers may be gone and it is lost.
 */
export async function letSignalsIn(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}
