// Signals that stop a run: SIGTERM, SIGINT, SIGHUP (stop), SIGUSR1 (drain now). All of them stop
// the job's tree and release the lock at once; a second one while stopping skips the grace
// period and kills the tree.

export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown;
  removeListener(signal: StopSignal, listener: () => void): unknown;
}

/** What prologue.cjs leaves: the signals that came before anyone asked, and where to send the next ones. */
export interface EarlySignals {
  received: StopSignal[];
  deliver: ((signal: StopSignal) => void) | undefined;
}

/** The prologue's record, when running from the bundle (not under tests that import the sources). */
export function earlySignals(): EarlySignals | undefined {
  return (globalThis as { __switchmanEarlySignals?: EarlySignals }).__switchmanEarlySignals;
}

/**
 * Installs handlers; `onSignal(signal, count)` gets how many stop signals arrived so far,
 * including those the prologue kept before this call. Returns an uninstaller.
 */
export function installStopSignals(
  onSignal: (signal: StopSignal, count: number) => void,
  source: SignalSource = process,
  early: EarlySignals | undefined = source === process ? earlySignals() : undefined,
): () => void {
  let count = 0;
  const deliver = (signal: StopSignal): void => {
    count += 1;
    onSignal(signal, count);
  };
  if (early !== undefined) {
    // The prologue's listeners stay: removing the last listener of SIGUSR1 would hand it back to
    // node. They forward to us from now on, after the ones that came first.
    const pending = early.received.splice(0);
    early.deliver = deliver;
    for (const signal of pending) deliver(signal);
    return () => {
      if (early.deliver === deliver) early.deliver = undefined;
    };
  }
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = (): void => deliver(signal);
    source.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) source.removeListener(signal, listener);
  };
}
