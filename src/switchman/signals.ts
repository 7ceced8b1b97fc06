// Signals that stop a run: SIGTERM, SIGINT, SIGHUP (stop), SIGUSR1 (drain now). All of them stop
// the job's tree and release the lock at once; a second one while stopping skips the grace
// period and kills the tree.

export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown;
  removeListener(signal: StopSignal, listener: () => void): unknown;
}

/** Installs handlers; `onSignal(signal, count)` gets how many stop signals arrived so far. Returns an uninstaller. */
export function installStopSignals(onSignal: (signal: StopSignal, count: number) => void, source: SignalSource = process): () => void {
  let count = 0;
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = (): void => {
      count += 1;
      onSignal(signal, count);
    };
    source.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) source.removeListener(signal, listener);
  };
}
