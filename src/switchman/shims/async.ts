// The four functions of the `async` package that node-zookeeper-client uses, for the bundle only
// (scripts/bundle-switchman.mjs aliases `async` here): same callback contracts as async v3,
// a fraction of the size, so every cron run parses less.
type Callback<T = unknown> = (error?: unknown, value?: T) => void;

export function whilst(test: (next: (error: unknown, truth: boolean) => void) => void, iteratee: (next: Callback) => void, callback: Callback): void {
  const check = (): void =>
    test((error, truth) => {
      if (error) callback(error);
      else if (truth) iteratee((iterError) => (iterError ? callback(iterError) : check()));
      else callback(null);
    });
  check();
}

export function eachSeries<T>(items: readonly T[], iteratee: (item: T, next: Callback) => void, callback: Callback): void {
  const list = [...items];
  let index = 0;
  const next = (error?: unknown): void => {
    if (error) {
      callback(error);
      return;
    }
    if (index >= list.length) {
      callback(null);
      return;
    }
    iteratee(list[index++] as T, next);
  };
  next();
}

export function reduce<T, M>(items: readonly T[], memo: M, iteratee: (memo: M, item: T, next: Callback<M>) => void, callback: Callback<M>): void {
  const list = [...items];
  let index = 0;
  let acc = memo;
  const step = (error?: unknown, value?: M): void => {
    if (error) {
      callback(error);
      return;
    }
    if (index > 0) acc = value as M;
    if (index >= list.length) {
      callback(null, acc);
      return;
    }
    iteratee(acc, list[index++] as T, step);
  };
  step();
}

export default { whilst, eachSeries, reduce };
