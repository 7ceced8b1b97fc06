// `switchman heartbeat` (from cron on every box): this host's record, and the jobs manifests
// installed here published for check to judge.
import { EXIT_CONFIG, EXIT_OK } from '../../exit-codes.js';
import { parseGroupsDocument } from '../../groups.js';
import { resolveFqdn } from '../../hostname.js';
import { SWITCHMAN_VERSION } from '../../version.js';
import type { FleetOptions } from '../fleet-args.js';
import { makeHostBeat, sendHeartbeat } from '../heartbeat.js';
import { readInstalledManifests } from '../installed-manifests.js';
import { message, systemTimeZone, withSession } from './fleet-io.js';
import type { FleetIo, LoadedConfig } from './fleet-io.js';

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
