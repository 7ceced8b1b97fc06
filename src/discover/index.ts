export { discoverScripts, defaultExcludes, type DiscoverOptions } from './discover-scripts.js';
export { loadScript } from './load-script.js';
