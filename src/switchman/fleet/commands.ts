// The fleet commands of switchman, over a config and a ZooKeeper session: the I/O edge around
// the pure pieces (evaluate, formatters, gc plan, control changes). Each returns an exit code
// and writes through the given streams; none throws for a bad answer or a dead server.
// One file per command in commands/; main.ts imports them all from here.
export type { FleetIo, LoadedConfig } from './commands/fleet-io.js';
export { runCheck } from './commands/run-check.js';
export { runControl } from './commands/run-control.js';
export { runGc } from './commands/run-gc.js';
export { runHeartbeat } from './commands/run-heartbeat.js';
export { runMetrics } from './commands/run-metrics.js';
