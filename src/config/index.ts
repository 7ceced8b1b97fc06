export { loadConfig, type LoadedConfig, type ConfigLocation } from './load-config.js';
export { withDefaults, safePrefix } from './defaults.js';
export type { CronpackConfig, RawConfig, RawPackageConfig } from './config-types.js';
