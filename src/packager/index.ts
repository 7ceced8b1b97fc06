// The edge of packaging: reads the scripts, writes staging trees, runs dpkg-deb and git.
export { collectScripts } from './collect-scripts.js';
export { writeStagingTree } from './staging-tree.js';
export { DpkgDebPackager, type DpkgDebPackagerOptions } from './dpkg-deb-packager.js';
export { resolveSourceDateEpoch, fallbackSourceDateEpoch } from './source-date-epoch.js';
