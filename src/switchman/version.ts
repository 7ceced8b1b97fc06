/** Set by the bundler from package.json (scripts/bundle-switchman.mjs): one version for cronpack and switchman. */
declare const __SWITCHMAN_VERSION__: string | undefined;

/** switchman's version; "0.0.0-source" when it runs from source (tests), not from a bundle. */
export const SWITCHMAN_VERSION: string = typeof __SWITCHMAN_VERSION__ === 'string' ? __SWITCHMAN_VERSION__ : '0.0.0-source';
/** The App::Switchman release whose command line, config and ZooKeeper layout we follow. */
export const COMPATIBLE_WITH = 'App::Switchman 1.16';
