// One run of `switchman -- CMD`: connect, check the group, take the lock, run the job under a
// fence, watch everything that may take the right to run away, stop the tree when it goes,
// release only what is ours, and return the exit code.
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
import type { JobStatus, StopReason } from './exit-codes.js';
import { judgeGroup, parseGroupsDocument } from './groups.js';
import type { Permission } from './groups.js';
import { resolveFqdn } from './hostname.js';
import { graceCapMs, leaseDeadlines, leaseRemaining, leaseState, probeIntervalMs } from './lease.js';
import { acquireLock, formatLockData, isOwnedBy, lockPath, releaseLock } from './lock.js';
import { askAnotherSession } from './second-opinion.js';
import { plannedCgroup } from './job-tree.js';
import { makeRunId } from './run-id.js';
import { sweepOrphans } from './sweep.js';
import type { Logger } from './log.js';
import { FenceClient } from './fence-client.js';
import type { FenceCommand } from './fence-client.js';
import { RUN_ID_ENV } from './fence-protocol.js';
import { installStopSignals } from './signals.js';
import type { StopSignal } from './signals.js';
import { JobSupervisor, jobEnv } from './supervise.js';
import type { JobResult } from './supervise.js';
import { ZkSession } from './zk-session.js';
import type { NodeStat } from './zk-session.js';
import { controlPath } from './fleet/layout.js';
import { heldBack, mustStop, parseControl } from './fleet/records.js';
import type { Control } from './fleet/records.js';
import { outcomeOf, recordRun } from './fleet/record-run.js';
import { SWITCHMAN_VERSION } from './version.js';

export interface RunnerDeps {
  env: NodeJS.ProcessEnv;
  cwd: string;
  pid: number;
  logger: Logger;
  fenceCommand: FenceCommand;
}

const RELEASE_TIMEOUT_MS = 2000;
/** The run record is written before the lock goes; a slow ZooKeeper must not hold the lock long for it. */
const RECORD_TIMEOUT_MS = 2000;

// A server that is up but at its limit accepts the TCP connection and closes it at once, which
// looks like any other failure from here: name the usual cause.
const CONNECT_HINT =
  'if the servers are up, this box may have more connections open than ZooKeeper allows from one address (maxClientCnxns, 60 by default): raise maxClientCnxns in zoo.cfg, or list several servers in zkhosts';
const CLOSE_TIMEOUT_MS = 1000;
/** Between two fresh-session checks while our own session is cut off. */
const SECOND_OPINION_PAUSE_MS = 50;
const SECOND_OPINION_CONNECT_MS = 300;
const SECOND_OPINION_MAX_IN_FLIGHT = 6;

function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

function formatStatus(status: JobStatus): string {
  if (status.signal !== null) return `signal:${status.signal}`;
  return status.code === null ? 'unknown' : `code:${status.code}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export async function runJob(options: RunOptions, config: SwitchmanConfig, deps: RunnerDeps): Promise<number> {
  return new Run(options, config, deps).execute();
}

class Run {
  private readonly log: Logger;
  private readonly lockPath: string;
  private host = '';
  private session: ZkSession | undefined;
  private job: JobSupervisor | undefined;
  private fence: FenceClient | undefined;
  private reason: StopReason | undefined;
  private firstSignal: StopSignal | undefined;
  private onInterrupt: (() => void) | undefined;
  private holdsLock = false;
  private sessionExpired = false;
  private finished = false;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private leaseTimers: NodeJS.Timeout[] = [];
  private checkingLock = false;
  private recheckLock = false;
  private asking = false;
  private warnedGraceCap = false;
  private startedAtMs: number | undefined;
  private runId: string | undefined;
  /** The latest control document read; a drain that comes before the job exists applies once it does. */
  private control: Control | undefined;

  constructor(
    private readonly options: RunOptions,
    private readonly config: SwitchmanConfig,
    private readonly deps: RunnerDeps,
  ) {
    this.log = deps.logger;
    this.lockPath = lockPath(config.prefix, options.lockname);
  }

  private get fields(): Record<string, string | undefined> {
    return { host: this.host, lock: this.options.noLock ? undefined : this.options.lockname, group: this.options.group };
  }

  async execute(): Promise<number> {
    const uninstall = installStopSignals((signal, count) => this.onSignal(signal, count));
    try {
      return await this.executeInner();
    } catch (error) {
      this.log.error('ZooKeeper error', { ...this.fields, error: (error as Error).message });
      this.job?.stop(0);
      if (this.job !== undefined) await this.job.result;
      this.fence?.release();
      await this.session?.close(CLOSE_TIMEOUT_MS);
      return EXIT_CONFIG;
    } finally {
      this.finished = true;
      this.clearTimers();
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

    // 1. May this host run the job? The drain and pause marks are read in the same round trip.
    const controlRead = this.readControl(true);
    controlRead.catch(() => undefined);
    if (this.options.group !== undefined) {
      const permission = await this.readPermission(true);
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
    const held = heldBack(control, this.host, this.options.group, this.options.noLock ? undefined : this.options.lockname);
    if (held !== undefined) {
      this.log.debug(`${held.what} is ${held.cause}, not running`, { ...this.fields, by: held.marker.by, since: held.marker.at, why: held.marker.reason || undefined });
      return this.quit(this.options.notAllowedExitCode);
    }
    if (this.firstSignal !== undefined) return this.quit(this.signalExit());

    // 2. Take the lock and start the fence. The lock requests go out first; the fence's
    // (synchronous) spawn and its start-up then overlap their round trip.
    const lockPromise = this.options.noLock ? undefined : acquireLock(session, this.lockPath, formatLockData(this.host, this.deps.pid), this.onLockEvent);
    lockPromise?.catch(() => undefined);
    const fencePromise = FenceClient.spawn(this.deps.fenceCommand, this.deps.env);
    fencePromise.catch(() => undefined);
    if (lockPromise !== undefined) {
      const acquired = await lockPromise;
      if (!acquired.ok) {
        this.log.info('lock is busy, not running', { ...this.fields, holder: acquired.holder });
        void fencePromise.then((f) => f.release(), () => undefined);
        return this.quit(this.options.busyExitCode);
      }
      this.holdsLock = true;
      this.log.debug('lock taken', { ...this.fields, t_ms: sinceStartMs() });
    }
    let fence: FenceClient;
    try {
      fence = await fencePromise;
    } catch (error) {
      this.log.error('cannot start the fence process', { ...this.fields, error: (error as Error).message });
      return this.release(EXIT_INTERNAL);
    }
    this.fence = fence;
    if (this.firstSignal !== undefined || this.reason !== undefined) {
      return this.release(this.firstSignal !== undefined ? this.signalExit() : exitCodeForRun(this.reason as StopReason, { code: null, signal: null }));
    }
    return this.supervise(session, fence);
  }

  private async supervise(session: ZkSession, fence: FenceClient): Promise<number> {
    const timeoutMs = session.timeoutMs;
    session.on('contact', () => this.onContact());
    session.on('disconnected', () => {
      if (this.finished) return;
      this.log.info('disconnected from ZooKeeper', this.fields);
      void this.askWhileDisconnected();
    });
    session.on('connected', () => {
      if (this.finished) return;
      this.log.info('reconnected to ZooKeeper', this.fields);
      void this.recheckAll();
    });
    session.on('expired', () => {
      this.sessionExpired = true;
      this.holdsLock = false;
      this.stop({ kind: 'zk-lost', detail: 'session expired' }, 0);
    });

    // Never start on a stale answer: the lock must be ours under a lease that is valid now.
    const proof = await this.proveLock(session);
    if (proof === 'lost') {
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
    fence.send({ t: 'prepare', runId, terminationMs: this.config.terminationTimeoutMs, lock: this.options.lockname, logfile: this.config.logfile, cgroup: plannedCgroup(tree) });
    // A stop the fence decides (lease not renewed in time) is a lost lease, whatever the job's code.
    fence.onStopping((cause) => {
      if (this.reason === undefined) this.reason = { kind: 'zk-lost', detail: cause === 'lease' ? 'the fence stopped the job: the lease ran out' : 'the fence stopped the job: switchman was gone' };
    });
    const extraEnv: Record<string, string> = { [RUN_ID_ENV]: runId };
    if (!this.options.noLock) {
      extraEnv['SWITCHMAN_LOCK'] = this.options.lockname;
      // A fencing token for downstream systems: the lock node's creation zxid grows with every
      // new lock node (its version restarts at 0 with each), so a stale holder can be refused.
      extraEnv['SWITCHMAN_LOCK_PATH'] = this.lockPath;
      if (proof !== 'no-lock') extraEnv['SWITCHMAN_LOCK_CZXID'] = proof.czxid;
    }
    extraEnv['SWITCHMAN_SESSION_ID'] = `0x${session.sessionId}`;
    if (this.options.group !== undefined) extraEnv['SWITCHMAN_GROUP'] = this.options.group;
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
    this.log.info('START', { ...this.fields, pid: job.pid, cmd: formatCommand(this.options.command, this.options.args) });
    this.log.debug('started', { t_ms: sinceStartMs() });
    this.armLease();
    this.scheduleProbe(probeIntervalMs(timeoutMs));
    if (this.firstSignal !== undefined) this.stop({ kind: 'signal', signal: this.firstSignal }, this.config.terminationTimeoutMs);
    if (this.control !== undefined) this.onControl(this.control);

    const result = await job.result;
    const durationMs = Math.round(monotonicMs() - startedAt);
    this.clearTimers();
    fence.release();
    return this.finish(result, durationMs);
  }

  private async finish(result: JobResult, durationMs: number): Promise<number> {
    // The fence's report and the job's exit may arrive in either order.
    if (this.reason === undefined && (this.fence?.stoppingCauses.length ?? 0) > 0) {
      this.reason = { kind: 'zk-lost', detail: 'the fence stopped the job: the lease ran out' };
    }
    if (this.reason === undefined && this.session !== undefined && !this.sessionExpired && result.status.signal !== null) {
      // Killed while the lease had run out: the fence stopped it on its own.
      if (leaseState(monotonicMs(), this.session.lastContactMs, this.session.timeoutMs) !== 'valid') {
        this.reason = { kind: 'zk-lost', detail: 'the lease ran out' };
      }
    }
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
    });
    return exitCode;
  }

  /**
   * The lock is ours now, not merely when its answer was sent: the lease (counted from the send
   * time of the latest answered request) must still be valid. A "created" answer held up in the
   * network past the session timeout fails that test; one fresh round trip then decides.
   */
  private async proveLock(session: ZkSession): Promise<NodeStat | 'no-lock' | 'lost'> {
    const fresh = (): boolean => leaseState(monotonicMs(), session.lastContactMs, session.timeoutMs) === 'valid';
    const path = this.options.noLock ? this.config.prefix : this.lockPath;
    let stat: NodeStat | null = null;
    if (!fresh() || !this.options.noLock) {
      try {
        const answer = await withTimeout(session.exists(path), Math.floor(session.timeoutMs / 3));
        stat = answer === 'timeout' ? null : answer;
      } catch {
        stat = null;
      }
      const ours = this.options.noLock ? stat !== null : stat !== null && isOwnedBy(stat, session.sessionId);
      if (!ours || !fresh() || this.sessionExpired) {
        this.holdsLock = this.holdsLock && ours;
        this.reason = this.options.noLock
          ? { kind: 'zk-lost', detail: 'no fresh answer from ZooKeeper before the start' }
          : { kind: 'lost-lock', detail: 'the lock was granted too late to be trusted: no fresh proof that it is still ours' };
        this.log.warning('not starting the job', { ...this.fields, reason: this.reason.kind, detail: this.reason.detail });
        return 'lost';
      }
    }
    return this.options.noLock || stat === null ? 'no-lock' : stat;
  }

  /**
   * While our session is cut off, ask through a fresh session whether the lock is still ours.
   * "No" means ZooKeeper lost our session or its data and someone may hold the lock already:
   * kill at once instead of waiting for the lease.
   */
  private async askWhileDisconnected(): Promise<void> {
    const session = this.session;
    if (session === undefined || this.options.noLock || !this.holdsLock || this.asking) return;
    this.asking = true;
    const cutOff = (): boolean => !this.finished && !this.sessionExpired && !session.isConnected && this.job !== undefined;
    let inFlight = 0;
    try {
      // A new attempt every pause, without waiting for the last: one that hit the server while
      // it was still starting must not delay the one that finds it serving.
      while (cutOff()) {
        if (inFlight < SECOND_OPINION_MAX_IN_FLIGHT) {
          inFlight += 1;
          void askAnotherSession({ connectString: this.config.zkhosts, lockPath: this.lockPath, sessionId: session.sessionId, timeoutMs: SECOND_OPINION_CONNECT_MS }).then((verdict) => {
            inFlight -= 1;
            if (verdict === 'lost' && cutOff()) {
              this.holdsLock = false;
              this.stop({ kind: 'zk-lost', detail: 'ZooKeeper no longer knows our lock (session or data lost on the server)' }, 0);
            }
          });
        }
        await new Promise((resolve) => setTimeout(resolve, SECOND_OPINION_PAUSE_MS));
      }
    } finally {
      this.asking = false;
    }
  }

  /**
   * Leaves the run's record in ZooKeeper (fleet/record-run.ts), while the lock is still ours, so
   * whoever sees the lock free sees this run too. Best effort: a lost session records nothing.
   */
  private async record(reason: StopReason, exitCode: number, status: string, startMs: number, durationMs: number, peakRssKb: number | null): Promise<void> {
    const session = this.session;
    if (session === undefined || this.sessionExpired || !session.isConnected) return;
    const { result, cause } = outcomeOf(reason, exitCode);
    const run = {
      runId: this.runId ?? makeRunId(this.deps.pid),
      host: this.host,
      pid: this.deps.pid,
      lock: this.options.lockname,
      group: this.options.group ?? null,
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + durationMs).toISOString(),
      durationMs,
      exitCode,
      result,
      cause,
      status,
      peakRssKb,
      switchmanVersion: SWITCHMAN_VERSION,
    };
    try {
      const outcome = await withTimeout(recordRun(session, this.config.prefix, run, this.options.noLock), RECORD_TIMEOUT_MS);
      if (outcome === 'timeout') this.log.info('the run record was not written in time', this.fields);
    } catch (error) {
      this.log.info('cannot write the run record', { ...this.fields, error: (error as Error).message });
    }
  }

  // --- drain and pause, from ZooKeeper ---------------------------------------------------

  /** Reads the control node (drained hosts, paused groups and jobs), watching it for changes. */
  private async readControl(initial: boolean): Promise<Control> {
    const session = this.session;
    if (session === undefined) return parseControl(undefined);
    const path = controlPath(this.config.prefix);
    try {
      const node = await session.getData(path, this.onControlEvent);
      if (node !== null) return (this.control = parseControl(node.data.toString('utf8')));
      // No node yet: watch for its creation (set and read again, in case it came meanwhile).
      const stat = await session.exists(path, this.onControlEvent);
      if (stat === null) return (this.control = parseControl(undefined));
      return this.readControl(initial);
    } catch (error) {
      if (initial) throw error;
      return parseControl(undefined);
    }
  }

  private readonly onControlEvent = (): void => {
    if (this.finished) return;
    void this.readControl(false).then((control) => this.onControl(control));
  };

  private onControl(control: Control): void {
    if (this.finished || this.job === undefined) return;
    const verdict = mustStop(control, this.host, this.options.group, this.options.noLock ? undefined : this.options.lockname);
    if (verdict === undefined) return;
    const detail = `${verdict.what} ${verdict.cause} by ${verdict.marker.by}${verdict.marker.reason === '' ? '' : `: ${verdict.marker.reason}`}`;
    this.stop({ kind: 'held-back', cause: verdict.cause, detail }, this.config.terminationTimeoutMs);
  }

  // --- stopping -----------------------------------------------------------------------

  private onSignal(signal: StopSignal, count: number): void {
    if (this.firstSignal === undefined) this.firstSignal = signal;
    this.log.info(signal === 'SIGUSR1' ? 'drain requested' : 'stop requested', { ...this.fields, signal, count });
    this.onInterrupt?.();
    if (this.job !== undefined) {
      this.stop({ kind: 'signal', signal: this.firstSignal }, count > 1 ? 0 : this.config.terminationTimeoutMs);
    }
  }

  /** Stops the job's tree; the first reason decides the exit code. The grace never exceeds the lease. */
  private stop(reason: StopReason, graceMs: number): void {
    if (this.reason === undefined) {
      this.reason = reason;
      // A drain or pause is asked for: no alarm, but the log says so.
      if (reason.kind === 'held-back') this.log.info('stopping the job', { ...this.fields, reason: reason.cause, detail: reason.detail });
      else if (reason.kind !== 'signal') this.log.warning('stopping the job', { ...this.fields, reason: reason.kind, detail: 'detail' in reason ? reason.detail : undefined });
    }
    let grace = graceMs;
    if (this.session !== undefined && !this.sessionExpired) {
      const { killAt } = leaseDeadlines(this.session.lastContactMs, this.session.timeoutMs);
      grace = Math.min(grace, Math.max(0, Math.floor(killAt - monotonicMs())));
      const cap = graceCapMs(this.session.timeoutMs);
      if (graceMs > cap && !this.warnedGraceCap) {
        this.warnedGraceCap = true;
        this.log.warning('termination_timeout is longer than the ZooKeeper session allows; the job gets less', {
          ...this.fields,
          termination_timeout_ms: graceMs,
          grace_ms: grace,
          session_timeout_ms: this.session.timeoutMs,
          hint: 'the grace ends 2/3 of the session timeout after the last answer from ZooKeeper: raise session_timeout to at least 1.5 x termination_timeout',
        });
      }
    }
    this.job?.stop(grace);
  }

  // --- lease: fencing against a lost connection --------------------------------------

  private onContact(): void {
    if (this.finished || this.session === undefined || this.sessionExpired) return;
    const deadlines = leaseDeadlines(this.session.lastContactMs, this.session.timeoutMs);
    if (this.job !== undefined) this.fence?.send({ t: 'lease', ...leaseRemaining(monotonicMs(), deadlines) });
    this.armLease();
  }

  private armLease(): void {
    for (const t of this.leaseTimers) clearTimeout(t);
    this.leaseTimers = [];
    const session = this.session;
    if (session === undefined || this.finished) return;
    const { termAt, killAt } = leaseDeadlines(session.lastContactMs, session.timeoutMs);
    const check = (): void => {
      if (this.finished || this.sessionExpired) return;
      const state = leaseState(monotonicMs(), session.lastContactMs, session.timeoutMs);
      if (state === 'valid') {
        // Node's timers may fire a little before their deadline: look again at the deadline,
        // unless a renewal has re-armed the timers meanwhile.
        const { termAt: renewedTermAt } = leaseDeadlines(session.lastContactMs, session.timeoutMs);
        if (renewedTermAt === termAt) this.leaseTimers.push(setTimeout(check, Math.max(1, Math.ceil(termAt - monotonicMs()))));
        return;
      }
      const detail = `no answer from ZooKeeper for ${Math.round(monotonicMs() - session.lastContactMs)} ms (session timeout ${session.timeoutMs} ms)`;
      this.stop({ kind: 'zk-lost', detail }, state === 'kill' ? 0 : Math.max(0, Math.floor(killAt - monotonicMs())));
    };
    const now = monotonicMs();
    this.leaseTimers.push(setTimeout(check, Math.max(0, termAt - now)), setTimeout(check, Math.max(0, killAt - now)));
  }

  private scheduleProbe(intervalMs: number): void {
    this.probeTimer = setTimeout(() => {
      void this.probe().finally(() => {
        if (!this.finished) this.scheduleProbe(intervalMs);
      });
    }, intervalMs);
  }

  /** A cheap round trip that renews the lease, and checks the lock is still ours. */
  private async probe(): Promise<void> {
    const session = this.session;
    if (session === undefined || this.probing || this.sessionExpired || !session.isConnected) return;
    this.probing = true;
    try {
      const stat = await session.exists(this.options.noLock ? this.config.prefix : this.lockPath);
      if (!this.options.noLock && (stat === null || !isOwnedBy(stat, session.sessionId))) await this.checkLock();
    } catch {
      // Connection trouble: the lease timers handle it.
    } finally {
      this.probing = false;
    }
  }

  // --- watches: config and lock --------------------------------------------------------

  private readonly onConfigEvent = (): void => {
    if (this.finished) return;
    void this.readPermission(false).then((permission) => {
      this.log.debug('config changed', { ...this.fields, permission });
      this.onPermission(permission);
    });
  };

  private readonly onLockEvent = (): void => {
    if (this.finished) return;
    void this.checkLock();
  };

  private async recheckAll(): Promise<void> {
    this.onControl(await this.readControl(false));
    if (this.options.group !== undefined) this.onPermission(await this.readPermission(false));
    if (!this.options.noLock) await this.checkLock();
  }

  /** Reads the groups (setting the watch again) and checks this host against the group. */
  private async readPermission(initial: boolean): Promise<Permission | 'error'> {
    const session = this.session;
    const group = this.options.group;
    if (session === undefined || group === undefined) return 'allowed';
    let node: Awaited<ReturnType<ZkSession['getData']>>;
    try {
      node = await session.getData(this.config.prefix, this.onConfigEvent);
    } catch (error) {
      if (initial) throw error;
      return 'error';
    }
    if (node === null) {
      if (initial) {
        this.log.error('no switchman config in ZooKeeper', { ...this.fields, prefix: this.config.prefix });
        return 'error';
      }
      // The config node is gone: no group is defined any more. Watch for its return.
      await session.exists(this.config.prefix, this.onConfigEvent).catch(() => null);
      return 'unknown-group';
    }
    const parsed = parseGroupsDocument(node.data.toString('utf8'));
    if (!parsed.ok) {
      if (initial) this.log.error('invalid switchman config in ZooKeeper', { ...this.fields, prefix: this.config.prefix, error: parsed.error });
      else this.log.warning('ignoring invalid config change in ZooKeeper', { ...this.fields, prefix: this.config.prefix, error: parsed.error });
      return 'error';
    }
    const verdict = judgeGroup(parsed.groups, group, this.host);
    // This job's own group: its owner should hear (stderr, so cron mails it).
    for (const problem of verdict.warnings) this.log.warning('bad entry in the group, ignored', { ...this.fields, prefix: this.config.prefix, problem });
    // Other groups: the log only, or one typo would mail every job of every box every minute.
    for (const problem of parsed.warnings) if (!verdict.warnings.includes(problem)) this.log.info('bad entry in the groups document', { prefix: this.config.prefix, problem });
    if (verdict.permission === 'malformed-group') {
      if (!initial) return 'unknown-group';
      this.log.error('group is malformed in ZooKeeper', { ...this.fields, prefix: this.config.prefix, error: verdict.error });
      return 'error';
    }
    return verdict.permission;
  }

  private onPermission(permission: Permission | 'error'): void {
    if (permission === 'allowed' || permission === 'error' || this.finished) return;
    this.stop(
      { kind: 'lost-permission', detail: permission === 'unknown-group' ? 'the group is no longer defined' : 'this host was removed from the group' },
      this.config.terminationTimeoutMs,
    );
  }

  /**
   * The lock node changed. Still ours: carry on. Deleted: take it back for the time it takes
   * to stop the tree, so nobody else starts meanwhile, and stop with the normal grace period; if
   * someone else was faster, overlap has begun: kill at once.
   */
  private async checkLock(): Promise<void> {
    if (this.checkingLock) {
      this.recheckLock = true;
      return;
    }
    const session = this.session;
    if (session === undefined || this.options.noLock || this.sessionExpired) return;
    this.checkingLock = true;
    try {
      do {
        this.recheckLock = false;
        const stat = await session.exists(this.lockPath, this.onLockEvent);
        if (stat !== null && isOwnedBy(stat, session.sessionId)) continue;
        if (stat === null) {
          const again = await acquireLock(session, this.lockPath, formatLockData(this.host, this.deps.pid), this.onLockEvent);
          if (again.ok) {
            this.holdsLock = true;
            this.stop({ kind: 'lost-lock', detail: 'the lock node was deleted' }, this.config.terminationTimeoutMs);
            continue;
          }
          this.holdsLock = false;
          this.stop({ kind: 'lost-lock', detail: `the lock node was deleted and taken by ${again.holder ?? 'another runner'}` }, 0);
          continue;
        }
        this.holdsLock = false;
        this.stop({ kind: 'lost-lock', detail: 'the lock node belongs to another session' }, 0);
      } while (this.recheckLock && !this.finished);
    } catch {
      // Connection trouble: the lease timers handle it, and a reconnect checks again.
    } finally {
      this.checkingLock = false;
    }
  }

  // --- the end -------------------------------------------------------------------------

  private clearTimers(): void {
    if (this.probeTimer !== undefined) clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    for (const t of this.leaseTimers) clearTimeout(t);
    this.leaseTimers = [];
  }

  private async quit(code: number): Promise<number> {
    // Nothing of ours lives in the session: no need to wait for the server.
    await this.session?.close(0);
    return code;
  }

  /**
   * Releases the lock if it is still ours, then ends the session. If the connection is down,
   * waits for it to come back while the session may still be alive, so the lock goes at once
   * rather than after the session timeout.
   */
  private async release(code: number): Promise<number> {
    this.finished = true;
    this.clearTimers();
    const session = this.session;
    if (session === undefined) return code;
    let released = false;
    if (this.holdsLock && !this.sessionExpired) {
      if (!session.isConnected) {
        const remainingMs = session.lastContactMs + session.timeoutMs - monotonicMs();
        if (remainingMs > 0) {
          await withTimeout(
            new Promise<void>((resolve) => session.once('connected', () => resolve())),
            remainingMs,
          );
        }
      }
      if (session.isConnected && !this.sessionExpired) {
        try {
          const outcome = await withTimeout(releaseLock(session, this.lockPath), RELEASE_TIMEOUT_MS);
          this.log.debug('lock release', { ...this.fields, outcome, t_ms: sinceStartMs() });
          released = outcome !== 'timeout';
          if (outcome === 'not-ours' || outcome === 'changed') this.log.warning('the lock node is no longer ours; left it alone', this.fields);
        } catch (error) {
          this.log.warning('could not release the lock; it goes away with the session', { ...this.fields, error: (error as Error).message });
        }
      } else {
        this.log.warning('ZooKeeper unreachable; the lock goes away when the session expires', this.fields);
      }
    }
    // Once the lock is deleted, nothing of ours is left in the session: just send the close.
    // Otherwise wait for it, so the ephemeral lock goes now, not at the session timeout.
    await session.close(this.holdsLock && !released ? CLOSE_TIMEOUT_MS : 0);
    this.log.debug('session closed', { t_ms: sinceStartMs() });
    return code;
  }
}
