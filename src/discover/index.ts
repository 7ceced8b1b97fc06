export { discoverFiles, discoverScripts, defaultExcludes, type DiscoverOptions, type Discovery } from './discover-scripts.js';
export { loadScript } from './load-script.js';
