// One run of `switchman -- CMD`: connect, check the group, take the lock, run the job under a
// fence, watch everything that may take the right to run away, stop the tree when it goes,
// release only what is ours, and return the exit code. The watching is done by small watchers
// (run/*.ts); this file orchestrates them, and the first reason to stop wins.
// Over 300 lines on purpose: it is the run's one state machine. The state that decides why a
// run stopped (the first signal, the first stop reason, whether the lock is still ours) is
// read and written here only; split across files, that rule would no longer be visible.
/* eslint-disable max-lines -- the run's one state machine, as said above */
import { monotonicMs, sinceStartMs } from './clock.js';
import type { RunOptions } from './cli.js';
import type { SwitchmanConfig } from './config.js';
import {
  EXIT_CONFIG,
  EXIT_INTERNAL,
  EXIT_LOST,
  EXIT_SIGNAL_BASE,
  describeReason,
  exitCodeForRun,
  exitCodeForSpawnError,
  signalNumber,
} from './exit-codes.js';
import type { StopReason } from './exit-codes.js';
import { resolveFqdn } from './hostname.js';
import { leaseDeadlines, leaseRemaining } from './lease.js';
import { acquireLock, formatLockData, lockPath } from './lock.js';
import { plannedCgroup } from './job-tree.js';
import { makeRunId } from './run-id.js';
import { sweepOrphans } from './sweep.js';
import type { Logger } from './log.js';
import { FenceClient } from './fence-client.js';
import { KeptFence } from './run/kept-fence.js';
import type { FenceCommand } from './fence-client.js';
import { installStopSignals } from './signals.js';
import type { StopSignal } from './signals.js';
import { JobSupervisor, jobEnv } from './supervise.js';
import type { JobResult } from './supervise.js';
import { ZkError, ZkSession, isSessionLoss } from './zk-session.js';
import { heldBack } from './fleet/records.js';
import { CLOSE_TIMEOUT_MS, releaseAndClose, writeRunRecord } from './run/finish.js';
import { reasonAfterExit } from './run/exit-reason.js';
import { formatCommand, formatStatus } from './run/format.js';
import { GRACE_CAP_HINT, leaseBoundGrace } from './run/grace.js';
import { runEnv } from './run/job-env.js';
import { systemClock } from './run/ports.js';
import { proveLock } from './run/prove-lock.js';
import { closeWatchers, makeWatchers, recheckAll, startProber } from './run/watchers.js';
import type { Watchers } from './run/watchers.js';
import { withTimeout } from './run/with-timeout.js';
import { releaseStartSlot } from './start-slot.js';
import { describeLeases, takeResources } from './resources/take-resources.js';
import { abortable } from './resources/resource-session.js';
import type { Lease } from '../contract/lease-option.js';
import type { HeldResources } from './resources/wait-for-resources.js';

export interface RunnerDeps {
  env: NodeJS.ProcessEnv;
  cwd: string;
  pid: number;
  logger: Logger;
  fenceCommand: FenceCommand;
}

// A server that is up but at its limit accepts the TCP connection and closes it at once, which
// looks like any other failure from here: name the usual cause.
/** Giving leases back must not hold the run up when the connection is down: the session's end takes them then. */
const LEASE_RELEASE_TIMEOUT_MS = 2000;
/** How long a fence may take to come up: far beyond node's start on a loaded box (seconds); a slower one is stuck. */
const FENCE_READY_TIMEOUT_MS = 60_000;

const CONNECT_HINT =
  'if the servers are up, this box may have more connections open than ZooKeeper allows from one address (maxClientCnxns, 60 by default): raise maxClientCnxns in zoo.cfg, or list several servers in zkhosts';

export async function runJob(options: RunOptions, config: SwitchmanConfig, deps: RunnerDeps): Promise<number> {
  return new Run(options, config, deps).execute();
}

class Run {
  private readonly log: Logger;
  private readonly lockPath: string;
  /** Without --nolock: the lock's name and node. */
  private readonly lock: { name: string; path: string } | undefined;
  private host = '';
  private session: ZkSession | undefined;
  private watchers: Watchers | undefined;
  private job: JobSupervisor | undefined;
  private fence: KeptFence | undefined;
  private reason: StopReason | undefined;
  private firstSignal: StopSignal | undefined;
  private onInterrupt: (() => void) | undefined;
  private holdsLock = false;
  private sessionExpired = false;
  private finished = false;
  private warnedGraceCap = false;
  /** A stop asked for while the job was being spawned: its grace, applied once the job exists. */
  private pendingStopMs: number | undefined;
  private startedAtMs: number | undefined;
  private runId: string | undefined;
  /** With --lease: what the run holds once its wait is over. */
  private resources: { held: HeldResources; leases: Lease[] } | undefined;
  /** Aborted by the first stop or signal: a wait for resources ends with it. */
  private readonly stopAsked = new AbortController();

  constructor(
    private readonly options: RunOptions,
    private readonly config: SwitchmanConfig,
    private readonly deps: RunnerDeps,
  ) {
    this.log = deps.logger;
    this.lockPath = lockPath(config.prefix, options.lockname);
    this.lock = options.noLock ? undefined : { name: options.lockname, path: this.lockPath };
  }

  private get fields(): Record<string, string | undefined> {
    return { host: this.host, lock: this.lock?.name, group: this.options.group };
  }

  async execute(): Promise<number> {
    const uninstall = installStopSignals((signal, count) => this.onSignal(signal, count));
    try {
      return await this.executeInner();
    } catch (error) {
      // ZooKeeper lost (the connection or the session went, nothing heard in time) where no step
      // above handled it: like a lost lock, exit 75. Another ZooKeeper failure is the servers' or
      // the data's (exit 78). Anything else is a bug: the job is stopped and the lock released all
      // the same, then main reports it as an internal error (exit 70), stack included.
      const lost = isSessionLoss(error);
      const fromZooKeeper = error instanceof ZkError;
      if (lost) this.log.warning(this.job === undefined ? 'lost ZooKeeper; not running the job' : 'lost ZooKeeper; stopping the job', { ...this.fields, error: error.message });
      else if (fromZooKeeper) this.log.error('ZooKeeper error', { ...this.fields, error: error.message });
      else this.log.error('internal error, stopping', { ...this.fields, error: error instanceof Error ? error.message : String(error) });
      this.job?.stop(0);
      if (this.job !== undefined) await this.job.result;
      this.fence?.release();
      await this.releaseResources();
      await this.session?.close(CLOSE_TIMEOUT_MS);
      if (!fromZooKeeper) throw error;
      return lost ? EXIT_LOST : EXIT_CONFIG;
    } finally {
      this.end();
      uninstall();
    }
  }

  private interrupted(): Promise<'interrupted'> {
    return new Promise((resolve) => {
      if (this.firstSignal !== undefined) resolve('interrupted');
      else this.onInterrupt = () => resolve('interrupted');
    });
  }

  private signalExit(): number {
    return EXIT_SIGNAL_BASE + signalNumber(this.firstSignal ?? 'SIGTERM');
  }

  private async executeInner(): Promise<number> {
    const fqdn = resolveFqdn({ env: this.deps.env, configHostname: this.config.hostname });
    // Trees of dead runners (switchman and its fence killed together) go before anything runs.
    const swept = await sweepOrphans({ cgroupParent: this.config.cgroupParent });
    if (swept.killedCgroups.length > 0 || swept.killedPids.length > 0) {
      this.log.warning('killed the job trees of dead runners', { cgroups: swept.killedCgroups.join(',') || undefined, pids: swept.killedPids.join(',') || undefined });
    }
    let session: ZkSession;
    try {
      const connected = await Promise.race([
        ZkSession.connect(this.config.zkhosts, { sessionTimeoutMs: this.config.sessionTimeoutMs, connectTimeoutMs: this.config.connectTimeoutMs }),
        this.interrupted(),
      ]);
      if (connected === 'interrupted') return this.signalExit();
      session = connected;
    } catch (error) {
      this.host = await fqdn;
      this.log.error('cannot connect to ZooKeeper', { ...this.fields, zkhosts: this.config.zkhosts, error: (error as Error).message, hint: CONNECT_HINT });
      return EXIT_CONFIG;
    }
    this.session = session;
    this.host = await fqdn;
    this.log.debug('connected to ZooKeeper', { session: session.sessionId, timeout_ms: session.timeoutMs, t_ms: sinceStartMs() });
    const watchers = makeWatchers({
      session,
      clock: systemClock,
      zkhosts: this.config.zkhosts,
      prefix: this.config.prefix,
      host: this.host,
      pid: this.deps.pid,
      group: this.options.group,
      lock: this.lock,
      graceMs: this.config.terminationTimeoutMs,
      log: this.log,
      fields: () => this.fields,
      onStop: (request) => this.stop(request.reason, request.graceMs),
      setHoldsLock: (held) => (this.holdsLock = held),
      holdsLock: () => this.holdsLock,
      jobRunning: () => this.job !== undefined,
      // The fence keeps its own copy of the lease, renewed with ours from "prepare" on.
      onRenew: (remaining) => {
        if (this.runId !== undefined) this.fence?.send({ t: 'lease', ...remaining });
      },
    });
    this.watchers = watchers;

    // 1. May this host run the job? The drain and pause marks are read in the same round trip.
    const controlRead = watchers.control.read(true);
    controlRead.catch(() => undefined);
    if (watchers.permission !== undefined) {
      const permission = await watchers.permission.read(true);
      if (permission === 'error') return this.quit(EXIT_CONFIG);
      if (permission === 'unknown-group') {
        this.log.error('group is not defined in ZooKeeper', { ...this.fields, prefix: this.config.prefix });
        return this.quit(EXIT_CONFIG);
      }
      if (permission === 'not-in-group') {
        this.log.debug('host is not in the group, not running', this.fields);
        return this.quit(this.options.notAllowedExitCode);
      }
    }
    const control = await controlRead;
    const held = heldBack(control, this.host, this.options.group, this.lock?.name);
    if (held !== undefined) {
      this.log.debug(`${held.what} is ${held.cause}, not running`, { ...this.fields, by: held.marker.by, since: held.marker.at, why: held.marker.reason || undefined });
      return this.quit(this.options.notAllowedExitCode);
    }
    if (this.firstSignal !== undefined) return this.quit(this.signalExit());

    // 2. With --lease: wait in the resources' queues and take the leases (resources/).
    if (this.options.leases.length > 0) {
      // Waiting for leases may take long: the start slot goes to the next run first.
      releaseStartSlot();
      watchers.control.waiting();
      const step = await takeResources({
        session,
        prefix: this.config.prefix,
        lockname: this.options.lockname,
        lockPath: this.lock?.path,
        host: this.host,
        pid: this.deps.pid,
        leaseOptions: this.options.leases,
        timeoutMs: this.config.resourcesWaitTimeoutMs,
        busyExitCode: this.options.busyExitCode,
        stop: this.stopAsked.signal,
        log: this.log,
        fields: this.fields,
      });
      // Stopped while waiting: by a signal, or because this host may no longer run the job (as if it never could).
      if (step.kind === 'stopped') return this.quit(this.firstSignal !== undefined ? this.signalExit() : this.options.notAllowedExitCode);
      if (step.kind === 'exit') return this.quit(step.code);
      this.resources = step;
      this.log.debug('leases taken', { ...this.fields, leases: describeLeases(step.leases), t_ms: sinceStartMs() });
    }

    // 3. Take the lock, then start the fence. The run has decided by now: its start slot goes,
    // before the fence could inherit the launcher's pipe. The fence starts only once the lock is
    // ours: every box starts every job, and all but one find the lock busy; a fence for each of
    // those would be a second node process per lost lock, in every box's herd.
    releaseStartSlot();
    if (watchers.lock !== undefined) {
      const acquired = await acquireLock(session, this.lockPath, formatLockData(this.host, this.deps.pid), watchers.lock.watcher);
      if (!acquired.ok) {
        this.log.info('lock is busy, not running', { ...this.fields, holder: acquired.holder });
        return this.quit(this.options.busyExitCode);
      }
      this.holdsLock = true;
      this.log.debug('lock taken', { ...this.fields, t_ms: sinceStartMs() });
    }
    let fence: FenceClient;
    try {
      fence = await FenceClient.spawn(this.deps.fenceCommand, this.deps.env);
    } catch (error) {
      this.log.error('cannot start the fence process', { ...this.fields, error: (error as Error).message });
      return this.release(EXIT_INTERNAL);
    }
    // The job starts only under a fence that is up: one that died at start (a broken install, or
    // the fence of a newer switchman, upgraded since this run began) would guard nothing.
    const up = await withTimeout(abortable(fence.ready(), this.stopAsked.signal).catch(() => 'stopped' as const), FENCE_READY_TIMEOUT_MS);
    if (this.firstSignal !== undefined || this.reason !== undefined) {
      fence.release();
      return this.release(this.firstSignal !== undefined ? this.signalExit() : exitCodeForRun(this.reason as StopReason, { code: null, signal: null }));
    }
    if (up !== true) {
      this.log.error('the fence did not come up; not running the job', { ...this.fields, fence: up === 'timeout' ? `not ready after ${FENCE_READY_TIMEOUT_MS / 1000} s` : 'exited' });
      fence.release();
      return this.release(EXIT_INTERNAL);
    }
    const kept = new KeptFence(fence, {
      spawn: () => FenceClient.spawn(this.deps.fenceCommand, this.deps.env),
      lease: () => leaseRemaining(monotonicMs(), leaseDeadlines(session.lastContactMs, session.timeoutMs)),
      log: {
        info: (message, fields) => this.log.info(message, { ...this.fields, ...fields }),
        warning: (message, fields) => this.log.warning(message, { ...this.fields, ...fields }),
        error: (message, fields) => this.log.error(message, { ...this.fields, ...fields }),
      },
    });
    this.fence = kept;
    return this.supervise(session, kept, watchers);
  }

  private async supervise(session: ZkSession, fence: KeptFence, watchers: Watchers): Promise<number> {
    const timeoutMs = session.timeoutMs;
    watchers.lease.listen();
    session.on('disconnected', () => {
      if (this.finished) return;
      this.log.info('disconnected from ZooKeeper', this.fields);
      void watchers.secondOpinion.whileDisconnected();
    });
    session.on('connected', () => {
      if (this.finished) return;
      this.log.info('reconnected to ZooKeeper', this.fields);
      void recheckAll(watchers);
    });
    session.on('expired', () => {
      this.sessionExpired = true;
      this.holdsLock = false;
      // The lock went with the session: nothing left to watch there, and no lease to keep.
      closeWatchers(watchers, true);
      this.stop({ kind: 'zk-lost', detail: 'session expired' }, 0);
    });

    // Never start on a stale answer: the lock must be ours under a lease that is valid now.
    const proof = await proveLock({ session, clock: systemClock, lockPath: this.lock?.path, prefix: this.config.prefix, expired: () => this.sessionExpired });
    if (!proof.ok) {
      this.holdsLock = this.holdsLock && proof.ours;
      this.reason = proof.reason;
      this.log.warning('not starting the job', { ...this.fields, reason: proof.reason.kind, detail: proof.reason.detail });
      fence.release();
      return this.release(EXIT_LOST);
    }
    // A drain or stop that came during that round trip: do not start what would be stopped at once.
    if (this.firstSignal !== undefined) {
      fence.release();
      return this.release(this.signalExit());
    }

    // Tell the fence the run id before the job exists: should we die right after spawning it,
    // the fence finds the job by that id.
    const runId = makeRunId(this.deps.pid);
    this.runId = runId;
    const tree = { runId, cgroupParent: this.config.cgroupParent };
    fence.send({
      t: 'prepare',
      runId,
      terminationMs: this.config.terminationTimeoutMs,
      lock: this.options.lockname,
      logfile: this.config.logfile,
      cgroup: plannedCgroup(tree),
      ...leaseRemaining(monotonicMs(), leaseDeadlines(session.lastContactMs, timeoutMs)),
    });
    // The lease runs from here: probes keep it renewed through the job's spawn, which a starved
    // box can make last a second or more.
    if (!this.sessionExpired) startProber(watchers, { session, clock: systemClock, prefix: this.config.prefix, lock: this.lock });
    // A stop the fence decides (lease not renewed in time) is a lost lease, whatever the job's code.
    fence.onStopping((cause) => {
      if (this.reason === undefined) this.reason = { kind: 'zk-lost', detail: cause === 'lease' ? 'the fence stopped the job: the lease ran out' : 'the fence stopped the job: switchman was gone' };
    });
    const lock = this.lock === undefined ? undefined : { ...this.lock, czxid: proof.stat?.czxid };
    const extraEnv = runEnv({ runId, lock, sessionId: session.sessionId, group: this.options.group });
    const spawned = await JobSupervisor.spawn(
      { command: this.options.command, args: this.options.args, env: jobEnv(this.deps.env, extraEnv), cwd: this.deps.cwd },
      this.config.terminationTimeoutMs,
      tree,
    );
    const startedAt = monotonicMs();
    this.startedAtMs = Date.now();
    if (!spawned.ok) {
      fence.release();
      this.log.error('cannot run the command', { ...this.fields, cmd: this.options.command, error: spawned.errno ?? spawned.message });
      const code = this.firstSignal !== undefined ? this.signalExit() : exitCodeForSpawnError(spawned.errno);
      await this.record({ kind: 'exited' }, code, `spawn:${spawned.errno ?? 'error'}`, Date.now(), 0, null);
      return this.release(code);
    }
    const job = spawned.job;
    this.job = job;
    if (job.fallbackReason !== undefined) this.log.debug('no run cgroup; the job is tracked by its run id', { ...this.fields, reason: job.fallbackReason });
    fence.send({ t: 'guard', pgid: job.pid, cgroup: job.cgroup, ...leaseRemaining(monotonicMs(), leaseDeadlines(session.lastContactMs, timeoutMs)) });
    this.log.info('START', { ...this.fields, pid: job.pid, cmd: formatCommand(this.options.command, this.options.args), leases: this.leasesField });
    this.log.debug('started', { t_ms: sinceStartMs() });
    watchers.lease.arm();
    if (this.firstSignal !== undefined) this.stop({ kind: 'signal', signal: this.firstSignal }, this.config.terminationTimeoutMs);
    watchers.control.jobStarted();
    // A lock, permission or session lost while the job was being spawned.
    if (this.pendingStopMs !== undefined) job.stop(this.pendingStopMs);

    const result = await job.result;
    const durationMs = Math.round(monotonicMs() - startedAt);
    // No more probes or lease timers; watches stay until the lock is released.
    watchers.prober?.close();
    watchers.lease.disarm();
    fence.release();
    return this.finish(result, durationMs);
  }

  private async finish(result: JobResult, durationMs: number): Promise<number> {
    // The job is over: its leases go now, before the record and the lock.
    await this.releaseResources();
    const lease = this.sessionExpired ? undefined : this.session;
    this.reason = reasonAfterExit(this.reason, (this.fence?.stoppingCauses.length ?? 0) > 0, result.status, lease, monotonicMs());
    if (result.hadLeftovers) this.log.warning('the job left processes behind; they were stopped', this.fields);
    const reason = this.reason ?? { kind: 'exited' };
    await this.record(reason, exitCodeForRun(reason, result.status), formatStatus(result.status), this.startedAtMs ?? Date.now(), durationMs, result.peakRssKb ?? null);
    const exitCode = await this.release(exitCodeForRun(reason, result.status));
    this.log.info('FINISH', {
      ...this.fields,
      pid: this.job?.pid,
      exit: exitCode,
      status: formatStatus(result.status),
      reason: describeReason(reason),
      duration_ms: durationMs,
      peak_rss_kb: result.peakRssKb,
      leases: this.leasesField,
    });
    return exitCode;
  }

  /** The run's record, while the lock is still ours (run/finish.ts). */
  private async record(reason: StopReason, exitCode: number, status: string, startMs: number, durationMs: number, peakRssKb: number | null): Promise<void> {
    const session = this.session;
    if (session === undefined || this.sessionExpired || !session.isConnected) return;
    const { pid } = this.deps;
    const facts = { runId: this.runId ?? makeRunId(pid), host: this.host, pid, lock: this.options.lockname, group: this.options.group, reason, exitCode, status, startMs, durationMs, peakRssKb };
    await writeRunRecord(session, this.config.prefix, this.options.noLock, facts, this.log, this.fields);
  }

  // --- stopping -----------------------------------------------------------------------

  private get leasesField(): string | undefined {
    return this.resources === undefined ? undefined : describeLeases(this.resources.leases);
  }

  /** Gives the leases back at once, if there are any and the session still has them. */
  private async releaseResources(): Promise<void> {
    const resources = this.resources;
    const session = this.session;
    if (resources === undefined || session === undefined || this.sessionExpired) return;
    try {
      if ((await withTimeout(resources.held.release(), LEASE_RELEASE_TIMEOUT_MS)) === 'timeout') this.log.info('the leases were not given back in time; they go with the session', this.fields);
    } catch (error) {
      this.log.info('cannot give the leases back; they go with the session', { ...this.fields, error: (error as Error).message });
    }
  }

  private onSignal(signal: StopSignal, count: number): void {
    if (this.firstSignal === undefined) this.firstSignal = signal;
    this.stopAsked.abort();
    this.log.info(signal === 'SIGUSR1' ? 'drain requested' : 'stop requested', { ...this.fields, signal, count });
    this.onInterrupt?.();
    if (this.job !== undefined) {
      this.stop({ kind: 'signal', signal: this.firstSignal }, count > 1 ? 0 : this.config.terminationTimeoutMs);
    }
  }

  /** Stops the job's tree; the first reason decides the exit code. The grace never exceeds the lease. */
  private stop(reason: StopReason, graceMs: number): void {
    this.stopAsked.abort();
    if (this.reason === undefined) {
      this.reason = reason;
      // A drain or pause is asked for: no alarm, but the log says so.
      if (reason.kind === 'held-back') this.log.info('stopping the job', { ...this.fields, reason: reason.cause, detail: reason.detail });
      else if (reason.kind !== 'signal') this.log.warning('stopping the job', { ...this.fields, reason: reason.kind, detail: 'detail' in reason ? reason.detail : undefined });
    }
    const session = this.sessionExpired ? undefined : this.session;
    const grace = leaseBoundGrace(graceMs, session, monotonicMs());
    if (session !== undefined && grace.overCap && !this.warnedGraceCap) {
      this.warnedGraceCap = true;
      this.log.warning('termination_timeout is longer than the ZooKeeper session allows; the job gets less', {
        ...this.fields,
        termination_timeout_ms: graceMs,
        grace_ms: grace.graceMs,
        session_timeout_ms: session.timeoutMs,
        hint: GRACE_CAP_HINT,
      });
    }
    if (this.job !== undefined) this.job.stop(grace.graceMs);
    // Asked while the job is being spawned: it applies the moment the job exists.
    else this.pendingStopMs = Math.min(this.pendingStopMs ?? Infinity, grace.graceMs);
  }

  // --- the end -------------------------------------------------------------------------

  /** The run is over: every watcher stops for good (and its timers with it). */
  private end(): void {
    this.finished = true;
    closeWatchers(this.watchers);
  }

  private async quit(code: number): Promise<number> {
    releaseStartSlot();
    // No watcher may act any more: a run that found the lock busy would otherwise take it the
    // moment its holder lets go (the herd bench caught one doing so, with a warning cron mailed).
    this.end();
    // Nothing of ours lives in the session: no need to wait for the server.
    await this.session?.close(0);
    return code;
  }

  /** Releases the lock if it is still ours, then ends the session (run/finish.ts). */
  private async release(code: number): Promise<number> {
    this.end();
    const session = this.session;
    if (session === undefined) return code;
    await this.releaseResources();
    await releaseAndClose({ session, lockPath: this.lockPath, holdsLock: () => this.holdsLock, expired: () => this.sessionExpired, log: this.log, fields: this.fields });
    return code;
  }
}
