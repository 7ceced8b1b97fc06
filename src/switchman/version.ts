export const SWITCHMAN_VERSION = '0.1.0';
/** The App::Switchman release whose command line, config and ZooKeeper layout we follow. */
export const COMPATIBLE_WITH = 'App::Switchman 1.16';
