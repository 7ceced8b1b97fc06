export { loadConfig, type LoadedConfig } from './load-config.js';
