/** Orders strings by UTF-16 code unit, as Array.prototype.sort does without a comparator: stable across locales. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
