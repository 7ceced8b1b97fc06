// A clock and timers under the test's control: advance(ms) runs what falls due, in order.
export class FakeClock {
  now = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  readonly setTimer = (fn: () => void, ms: number): number => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + Math.max(0, ms), fn });
    return id;
  };

  readonly clearTimer = (id: unknown): void => {
    this.timers.delete(id as number);
  };

  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= target && (next === undefined || entry[1].at < next[1].at)) next = entry;
      if (next === undefined) break;
      this.timers.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
    }
    this.now = target;
  }
}

/** A simulated process group: members die on SIGTERM unless they ignore it; SIGKILL always works. */
export class FakeGroup {
  alive: number;
  readonly signals: string[] = [];
  constructor(
    private readonly clock: FakeClock,
    members: number,
    private readonly ignoresTerm: boolean,
    /** How long members take to die after a signal that kills them. */
    private readonly dieAfterMs = 5,
  ) {
    this.alive = members;
  }

  readonly signal = (signal: 'SIGTERM' | 'SIGKILL'): void => {
    this.signals.push(`${this.clock.now}:${signal}`);
    if (signal === 'SIGKILL' || !this.ignoresTerm) this.clock.setTimer(() => (this.alive = 0), signal === 'SIGKILL' ? 1 : this.dieAfterMs);
  };

  readonly isAlive = (): boolean => this.alive > 0;
}

/** Simulated process groups made on first use, by pgid: each with `members` members. */
export function fakeGroups(clock: FakeClock, ignoresTerm: boolean, members = 2): (pgid: number) => FakeGroup {
  const groups = new Map<number, FakeGroup>();
  return (pgid) => {
    let group = groups.get(pgid);
    if (group === undefined) {
      group = new FakeGroup(clock, members, ignoresTerm);
      groups.set(pgid, group);
    }
    return group;
  };
}

/** The Fence's clock and process-group dependencies over fakes: tests add the rest. */
export function fakeFenceBase(clock: FakeClock, groupOf: (pgid: number) => FakeGroup, runGroups: number[] = []) {
  return {
    now: () => clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    signalGroup: (pgid: number, signal: 'SIGTERM' | 'SIGKILL') => groupOf(pgid).signal(signal),
    groupAlive: (pgid: number) => groupOf(pgid).isAlive(),
    findRunGroups: () => runGroups,
  };
}
