// The three functions of `underscore` that node-zookeeper-client uses, for the bundle only
// (scripts/bundle-switchman.mjs aliases `underscore` here).

export function clone<T extends object>(value: T): T {
  return Array.isArray(value) ? (value.slice() as T) : { ...value };
}

export function defaults<T extends Record<string, unknown>>(target: T, ...sources: Record<string, unknown>[]): T {
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if ((target as Record<string, unknown>)[key] === undefined) (target as Record<string, unknown>)[key] = value;
    }
  }
  return target;
}

export function shuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export default { clone, defaults, shuffle };
