// A promise raced against a timer: a slow ZooKeeper must not hold the run up past a bound.
import { systemClock } from './ports.js';
import type { Clock } from './ports.js';

export function withTimeout<T>(promise: Promise<T>, ms: number, clock: Clock = systemClock): Promise<T | 'timeout'> {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimer(() => resolve('timeout'), ms);
    promise.then(
      (value) => {
        clock.clearTimer(timer);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimer(timer);
        reject(error);
      },
    );
  });
}
