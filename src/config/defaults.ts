import { basename } from 'node:path';
import type { CronpackConfig, RawConfig } from './config-types.js';
import { DEFAULT_MANIFEST_DIR } from '../contract/jobs-manifest.js';
import { DEFAULT_SWITCHMAN_BIN, DEFAULT_SWITCHMAN_CONFIG } from '../contract/switchman-command.js';

/** Where cron packages install their jobs manifests on the box: the contract's, which switchman reads too. */
export const defaultManifestDir = DEFAULT_MANIFEST_DIR;

/** A name made safe as a Debian package name prefix and cron.d file name. */
export function safePrefix(name: string): string {
  const safe = name.replace(/^@[^/]+\//, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return safe === '' ? 'cron' : safe;
}

/**
 * Fills in every default. The prefix comes from the config, else package.json's
 * name, else the root folder's name; everything else follows from it.
 */
export function withDefaults(raw: RawConfig, context: { root: string; packageName?: string }): CronpackConfig {
  const prefix = raw.prefix ?? safePrefix(context.packageName ?? basename(context.root));
  const user = raw.user ?? 'root';
  const config: CronpackConfig = {
    prefix,
    installDir: raw.installDir ?? `/usr/share/${prefix}/scripts`,
    manifestDir: raw.manifestDir ?? defaultManifestDir,
    retired: raw.retired ?? [],
    user,
    users: raw.users ?? [...new Set(['root', user])],
    switchman: { bin: raw.switchman?.bin ?? DEFAULT_SWITCHMAN_BIN, config: raw.switchman?.config ?? DEFAULT_SWITCHMAN_CONFIG },
    env: raw.env ?? {},
    outDir: raw.outDir ?? 'out/cronpack',
    maxStartsPerMinute: raw.maxStartsPerMinute ?? 30,
    package: {
      maintainer: raw.package?.maintainer ?? `${prefix} maintainers <root@localhost>`,
      section: raw.package?.section ?? 'misc',
      priority: raw.package?.priority ?? 'optional',
      description: raw.package?.description ?? `Cron jobs of the ${prefix} project.`,
      copyright: raw.package?.copyright ?? `${prefix} maintainers`,
      license: raw.package?.license ?? 'proprietary',
    },
  };
  if (raw.mailto !== undefined) config.mailto = raw.mailto;
  if (raw.include) config.include = raw.include;
  if (raw.exclude) config.exclude = raw.exclude;
  if (raw.package?.homepage !== undefined) config.package.homepage = raw.package.homepage;
  if (raw.package?.version !== undefined) config.package.version = raw.package.version;
  return config;
}
