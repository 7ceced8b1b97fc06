/** A deterministic PRNG (an LCG) returning [0, 1): seeded tests and benchmarks see the same inputs every run. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}
