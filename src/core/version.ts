import { readAsset } from './assets.js';

/** Replaced by the bundler (scripts/bundle-cli.mjs); undefined when running from tsc output or tsx. */
declare const __CRONPACK_VERSION__: string | undefined;

export const cronpackVersion: string =
  typeof __CRONPACK_VERSION__ === 'string' ? __CRONPACK_VERSION__ : (JSON.parse(readAsset('package.json')) as { version: string }).version;
