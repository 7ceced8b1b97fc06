/**
 * Runs fn without root's power to read any folder (root reads mode-000
 * folders): as nobody, then root again. Other users run fn as they are.
 */
export async function withoutRootPower<T>(fn: () => Promise<T>): Promise<T> {
  if (process.geteuid?.() !== 0) return fn();
  process.setegid!(65534);
  process.seteuid!(65534);
  try {
    return await fn();
  } finally {
    process.seteuid!(0);
    process.setegid!(0);
  }
}
