// A monotonic clock in milliseconds. process.hrtime needs no module: node:perf_hooks costs
// several milliseconds to load, on every cron run.

export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Milliseconds since this process started, for debug timings. */
export function sinceStartMs(): number {
  return Math.round(process.uptime() * 1000);
}
