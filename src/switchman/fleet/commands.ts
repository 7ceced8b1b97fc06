// The fleet commands of switchman, over a config and a ZooKeeper session: the I/O edge around
// the pure pieces (evaluate, formatters, gc plan, control changes). Each returns an exit code
// and writes through the given streams; none throws for a bad answer or a dead server.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import type { SwitchmanConfig } from '../config.js';
import { EXIT_CONFIG, EXIT_OK } from '../exit-codes.js';
import { parseGroupsDocument } from '../groups.js';
import { resolveFqdn } from '../hostname.js';
import { readLocks } from '../lock.js';
import { RUN_ID_ENV } from '../fence-protocol.js';
import { findEnvCarriers } from '../proc.js';
import { SWITCHMAN_VERSION } from '../version.js';
import { ZkSession } from '../zk-session.js';
import { changeControl } from './control.js';
import type { ControlChange } from './control.js';
import { DEFAULT_THRESHOLDS, evaluateFleet } from './evaluate.js';
import type { FleetReport, Thresholds } from './evaluate.js';
import type { FleetOptions } from './fleet-args.js';
import { applyGcStep, DEFAULT_GC_LIMITS, planGc } from './gc.js';
import { makeHostBeat, sendHeartbeat } from './heartbeat.js';
import { readInstalledManifests } from './installed-manifests.js';
import { controlPath, runPath } from './layout.js';
import { formatCheckJson, formatNagios } from './nagios.js';
import { formatMetrics } from './prometheus.js';
import { parseControl } from './records.js';
import { readFleet } from './read-fleet.js';
import type { FleetSnapshot, LocalView } from './snapshot.js';

export interface FleetIo {
  env: NodeJS.ProcessEnv;
  write: (text: string) => void;
  writeError: (text: string) => void;
  /** Logs a line to switchman's log (file or syslog): what a --quiet heartbeat has to say. */
  log: (level: 'info' | 'warning' | 'error', message: string, fields?: Record<string, string | undefined>) => void;
}

/** The config as the file gave it, or why there is none. */
export type LoadedConfig = { config: SwitchmanConfig } | { unconfigured: true } | { errors: string[] };

const systemTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';

class Deadline extends Error {}

/** Runs `work` against a fresh session, all within the command's time limit. */
async function withSession<T>(config: SwitchmanConfig, timeoutMs: number, work: (session: ZkSession) => Promise<T>): Promise<T> {
  let session: ZkSession | undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Deadline(`no answer from ZooKeeper at ${config.zkhosts} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        session = await ZkSession.connect(config.zkhosts, { sessionTimeoutMs: config.sessionTimeoutMs, connectTimeoutMs: Math.min(config.connectTimeoutMs, timeoutMs) });
        return work(session);
      })(),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
    await session?.close(500);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function localView(config: SwitchmanConfig | undefined, options: FleetOptions, io: FleetIo, zkError: string | undefined): Promise<LocalView> {
  const installed = config === undefined ? { manifests: [], errors: [] } : readInstalledManifests(config.manifestDir);
  return {
    host: await resolveFqdn({ env: io.env, configHostname: config?.hostname }),
    configured: config !== undefined,
    zkError,
    manifests: installed.manifests,
    manifestErrors: installed.errors,
    timeZone: options.timeZone ?? systemTimeZone(),
  };
}

function emptySnapshot(nowMs: number, prefix: string, why: string): FleetSnapshot {
  return { nowMs, prefix, groups: why, hosts: [], manifests: [], runs: [], hostRuns: [], locks: [], control: parseControl(undefined) };
}

/** The snapshot and the report of check and metrics: ZooKeeper down is a report too (CRITICAL), never a throw. */
async function judge(loaded: LoadedConfig, options: FleetOptions, io: FleetIo): Promise<{ snapshot: FleetSnapshot; report: FleetReport; local: LocalView }> {
  const nowMs = options.nowMs ?? Date.now();
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  if (!('config' in loaded)) {
    const local = await localView(undefined, options, io, undefined);
    const snapshot = emptySnapshot(nowMs, '', 'switchman is not configured');
    return { snapshot, report: evaluateFleet(snapshot, local, thresholds), local };
  }
  const config = loaded.config;
  let snapshot: FleetSnapshot;
  let zkError: string | undefined;
  try {
    snapshot = await withSession(config, options.timeoutMs, (session) => readFleet(session, config.prefix, nowMs));
  } catch (error) {
    zkError = message(error);
    snapshot = emptySnapshot(nowMs, config.prefix, zkError);
  }
  const local = await localView(config, options, io, zkError);
  return { snapshot, report: evaluateFleet(snapshot, local, thresholds), local };
}

/** `switchman check`: a Nagios/Icinga plugin. Exit 0/1/2/3; 3 (UNKNOWN) for a config it cannot read. */
export async function runCheck(loaded: LoadedConfig, options: FleetOptions, io: FleetIo): Promise<number> {
  if ('errors' in loaded) {
    io.write(`SWITCHMAN UNKNOWN - ${loaded.errors.join('; ').replace(/\|/g, '/')}\n`);
    return 3;
  }
  const { report } = await judge(loaded, options, io);
  if (options.json) {
    io.write(formatCheckJson(report));
    return formatNagios(report).exitCode;
  }
  const nagios = formatNagios(report);
  io.write(nagios.text);
  return nagios.exitCode;
}

/** Writes `text` to `path` through a temporary file beside it and one rename: a collector never reads half a file. */
function writeAtomically(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { mode: 0o644 });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** `switchman metrics`: Prometheus text format on stdout, or into a node_exporter textfile. */
export async function runMetrics(loaded: LoadedConfig, options: FleetOptions, io: FleetIo): Promise<number> {
  if ('errors' in loaded) {
    for (const e of loaded.errors) io.writeError(`switchman metrics: ${e}\n`);
    return EXIT_CONFIG;
  }
  const { snapshot, report, local } = await judge(loaded, options, io);
  const text = formatMetrics(snapshot, report, local);
  if (options.textfile === undefined) {
    io.write(text);
    return EXIT_OK;
  }
  try {
    writeAtomically(options.textfile, text);
  } catch (error) {
    io.writeError(`switchman metrics: cannot write ${options.textfile}: ${message(error)}\n`);
    return EXIT_CONFIG;
  }
  return EXIT_OK;
}

/** `switchman heartbeat`: this host's record, and the manifests installed here. */
export async function runHeartbeat(loaded: LoadedConfig, options: FleetOptions, io: FleetIo): Promise<number> {
  // Not configured: no heartbeat, so the host shows as stale, which is what it is.
  if ('unconfigured' in loaded) return EXIT_OK;
  if ('errors' in loaded) {
    for (const e of loaded.errors) io.log('error', e);
    if (!options.quiet) for (const e of loaded.errors) io.writeError(`switchman heartbeat: ${e}\n`);
    return EXIT_CONFIG;
  }
  const config = loaded.config;
  const host = await resolveFqdn({ env: io.env, configHostname: config.hostname });
  const installed = readInstalledManifests(config.manifestDir);
  for (const e of installed.errors) io.log('warning', 'unreadable jobs manifest', { error: e });
  try {
    const published = await withSession(config, options.timeoutMs, async (session) => {
      const node = await session.getData(config.prefix);
      const parsed = node === null ? undefined : parseGroupsDocument(node.data.toString('utf8'));
      const beat = makeHostBeat({
        host,
        nowMs: Date.now(),
        version: SWITCHMAN_VERSION,
        timeZone: systemTimeZone(),
        groups: parsed?.ok === true ? parsed.groups : undefined,
        manifests: installed.manifests,
      });
      return sendHeartbeat(session, config.prefix, beat, installed.manifests, (pkg, bytes) =>
        io.log('warning', 'jobs manifest too large for ZooKeeper, not published: check cannot judge its jobs', { package: pkg, bytes: String(bytes) }),
      );
    });
    if (published.length > 0) io.log('info', 'published jobs manifests', { host, packages: published.join(',') });
    if (!options.quiet) io.write(`heartbeat of ${host} written${published.length > 0 ? `; published ${published.join(', ')}` : ''}\n`);
    return EXIT_OK;
  } catch (error) {
    io.log('error', 'heartbeat not written', { host, error: message(error) });
    if (!options.quiet) io.writeError(`switchman heartbeat: ${message(error)}\n`);
    return EXIT_CONFIG;
  }
}

function by(io: FleetIo, host: string): string {
  const user = io.env['SUDO_USER'] ?? io.env['USER'] ?? io.env['LOGNAME'] ?? 'unknown';
  return `${user}@${host}`;
}

/** Resolves what pause/resume name: a group when the groups document has one of that name, else a job. */
async function pauseTarget(session: ZkSession, prefix: string, options: FleetOptions, name: string): Promise<{ target: 'group' | 'job' } | { error: string }> {
  if (options.targetKind !== undefined) return { target: options.targetKind };
  const [node, run, control] = await Promise.all([session.getData(prefix), session.exists(runPath(prefix, name)), session.getData(controlPath(prefix))]);
  const parsed = node === null ? undefined : parseGroupsDocument(node.data.toString('utf8'));
  const isGroup = parsed?.ok === true && parsed.groups.has(name);
  const paused = parseControl(control?.data.toString('utf8'));
  if (options.command === 'resume') {
    const asGroup = paused.pausedGroups[name] !== undefined;
    const asJob = paused.pausedJobs[name] !== undefined;
    if (asGroup && asJob) return { error: `both a group and a job named ${JSON.stringify(name)} are paused: say --group or --job` };
    if (asGroup || asJob) return { target: asGroup ? 'group' : 'job' };
  }
  if (isGroup && run !== null) return { error: `${JSON.stringify(name)} is both a group and a job: say --group or --job` };
  return { target: isGroup ? 'group' : 'job' };
}

/** `switchman drain|undrain|pause|resume`. */
export async function runControl(loaded: LoadedConfig, options: FleetOptions, io: FleetIo): Promise<number> {
  const name = `switchman ${options.command}`;
  if (!('config' in loaded)) {
    io.writeError(`${name}: ${'errors' in loaded ? loaded.errors.join('; ') : 'switchman is not configured on this box'}\n`);
    return EXIT_CONFIG;
  }
  const config = loaded.config;
  const self = await resolveFqdn({ env: io.env, configHostname: config.hostname });
  const marker = { by: by(io, self), at: new Date().toISOString(), reason: options.reason };
  try {
    return await withSession(config, options.timeoutMs, async (session) => {
      let change: ControlChange;
      let done: string;
      if (options.command === 'drain' || options.command === 'undrain') {
        const host = options.target ?? self;
        change = options.command === 'drain' ? { kind: 'drain', host, marker, letRunningFinish: options.wait } : { kind: 'undrain', host };
        done =
          options.command === 'undrain'
            ? `${host} undrained: new runs start again`
            : options.wait
              ? `${host} drained: new runs do not start; running jobs finish`
              : `${host} drained: new runs do not start; running jobs stop now`;
      } else {
        const target = options.target as string;
        const resolved = await pauseTarget(session, config.prefix, options, target);
        if ('error' in resolved) {
          io.writeError(`${name}: ${resolved.error}\n`);
          return EXIT_CONFIG;
        }
        change = options.command === 'pause' ? { kind: 'pause', target: resolved.target, name: target, marker } : { kind: 'resume', target: resolved.target, name: target };
        done = options.command === 'pause' ? `${resolved.target} ${target} paused everywhere: running jobs stop now` : `${resolved.target} ${target} resumed`;
      }
      const changed = await changeControl(session, config.prefix, change);
      if (!changed) {
        io.write(`${name}: nothing to do (${options.command === 'undrain' ? 'not drained' : 'not paused'})\n`);
        return EXIT_OK;
      }
      io.write(`${done}\n`);
      io.log('info', `${options.command} ${options.target ?? self}`, { by: marker.by, reason: options.reason || undefined });
      if (options.command === 'drain' && options.wait) return waitForDrain(session, config.prefix, options.target ?? self, options.target === undefined || options.target === self, io);
      return EXIT_OK;
    });
  } catch (error) {
    io.writeError(`${name}: ${message(error)}\n`);
    return EXIT_CONFIG;
  }
}

/** Until the host holds no lock (and, on this box, no job runs), reporting what is left. */
async function waitForDrain(session: ZkSession, prefix: string, host: string, isLocal: boolean, io: FleetIo): Promise<number> {
  let last = '';
  for (;;) {
    const locks = (await readLocks(session, prefix)).filter((l) => l.host === host).map((l) => l.lock);
    const local = isLocal ? findEnvCarriers(RUN_ID_ENV).length : 0;
    if (locks.length === 0 && local === 0) {
      io.write(`${host}: no job left running\n`);
      return EXIT_OK;
    }
    const now = `${host}: waiting for ${locks.length > 0 ? locks.join(', ') : `${local} job process(es)`}`;
    if (now !== last) io.writeError(`${now}\n`);
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** `switchman gc`. */
export async function runGc(loaded: LoadedConfig, options: FleetOptions, io: FleetIo): Promise<number> {
  if (!('config' in loaded)) {
    io.writeError(`switchman gc: ${'errors' in loaded ? loaded.errors.join('; ') : 'switchman is not configured on this box'}\n`);
    return EXIT_CONFIG;
  }
  const config = loaded.config;
  try {
    return await withSession(config, options.timeoutMs, async (session) => {
      const snapshot = await readFleet(session, config.prefix, options.nowMs ?? Date.now());
      const plan = planGc(snapshot, { ...DEFAULT_GC_LIMITS, ...options.gc, force: options.force });
      if (!plan.ok) {
        io.writeError(`switchman gc: ${plan.error}\n`);
        return EXIT_CONFIG;
      }
      for (const step of plan.steps) {
        if (options.dryRun) io.write(`would remove ${step.path} (${step.why})\n`);
        else io.write(`${await applyGcStep(session, step)}: ${step.path} (${step.why})\n`);
      }
      if (plan.steps.length === 0) io.write('nothing to collect\n');
      return EXIT_OK;
    });
  } catch (error) {
    io.writeError(`switchman gc: ${message(error)}\n`);
    return EXIT_CONFIG;
  }
}
