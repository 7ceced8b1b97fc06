// The lease: the job may run only while ZooKeeper has heard from us recently (lease.ts). After
// every answer the deadlines move; when ZooKeeper stops answering, the job gets SIGTERM at 1/3
// and SIGKILL at 2/3 of the session timeout after the last answer, before the session (and the
// lock with it) could expire and pass to another box.
import { leaseDeadlines, leaseRemaining, leaseState } from '../lease.js';
import type { Clock, OnStop, SessionPort } from './ports.js';

export interface LeaseWatcherDeps {
  session: SessionPort;
  clock: Clock;
  onStop: OnStop;
  /** Called on every renewal with the time left, for the fence's own copy of the lease. */
  onRenew?: (remaining: { termInMs: number; killInMs: number }) => void;
}

export class LeaseWatcher {
  private timers: unknown[] = [];
  private closed = false;
  private listening = false;

  constructor(private readonly deps: LeaseWatcherDeps) {}

  /** Renews on every answer from ZooKeeper from now on. */
  listen(): void {
    if (this.listening || this.closed) return;
    this.listening = true;
    this.deps.session.on('contact', this.onContact);
  }

  private readonly onContact = (): void => {
    if (this.closed) return;
    const { session, clock } = this.deps;
    this.deps.onRenew?.(leaseRemaining(clock.now(), leaseDeadlines(session.lastContactMs, session.timeoutMs)));
    this.arm();
  };

  /** (Re)sets the TERM and KILL timers from the latest contact. */
  arm(): void {
    this.clearTimers();
    if (this.closed) return;
    const { session, clock } = this.deps;
    const { termAt, killAt } = leaseDeadlines(session.lastContactMs, session.timeoutMs);
    const check = (): void => {
      if (this.closed) return;
      const state = leaseState(clock.now(), session.lastContactMs, session.timeoutMs);
      if (state === 'valid') {
        // Node's timers may fire a little before their deadline: look again at the deadline,
        // unless a renewal has re-armed the timers meanwhile.
        const { termAt: renewedTermAt } = leaseDeadlines(session.lastContactMs, session.timeoutMs);
        if (renewedTermAt === termAt) this.timers.push(clock.setTimer(check, Math.max(1, Math.ceil(termAt - clock.now()))));
        return;
      }
      const detail = `no answer from ZooKeeper for ${Math.round(clock.now() - session.lastContactMs)} ms (session timeout ${session.timeoutMs} ms)`;
      this.deps.onStop({ reason: { kind: 'zk-lost', detail }, graceMs: state === 'kill' ? 0 : Math.max(0, Math.floor(killAt - clock.now())) });
    };
    const now = clock.now();
    this.timers.push(clock.setTimer(check, Math.max(0, termAt - now)), clock.setTimer(check, Math.max(0, killAt - now)));
  }

  /** No timers until the next contact (the job is over; the release may still renew). */
  disarm(): void {
    this.clearTimers();
  }

  private clearTimers(): void {
    for (const t of this.timers) this.deps.clock.clearTimer(t);
    this.timers = [];
  }

  /** For good: the run is over, or the session expired (which stops the job by itself). */
  close(): void {
    this.closed = true;
    this.clearTimers();
    if (this.listening) this.deps.session.off('contact', this.onContact);
  }
}
