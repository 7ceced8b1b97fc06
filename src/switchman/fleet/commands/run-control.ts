// `switchman drain|undrain|pause|resume`: one change to the control record, said back to the
// operator; `drain --wait` then waits until the host runs nothing.
import { EXIT_CONFIG, EXIT_OK } from '../../exit-codes.js';
import { RUN_ID_ENV } from '../../fence-protocol.js';
import { parseGroupsDocument } from '../../groups.js';
import { resolveFqdn } from '../../hostname.js';
import { readLocks } from '../../lock.js';
import { findEnvCarriers } from '../../proc.js';
import type { ZkSession } from '../../zk-session.js';
import { changeControl } from '../control.js';
import type { ControlChange } from '../control.js';
import type { FleetOptions } from '../fleet-args.js';
import { controlPath, runPath } from '../layout.js';
import { parseControl } from '../records.js';
import { message, withSession } from './fleet-io.js';
import type { FleetIo, LoadedConfig } from './fleet-io.js';

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
