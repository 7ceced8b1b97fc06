/**
 * A deterministic corpus of schedules for the differential test against
 * Debian's own parser (oracle-diff.test.ts): valid schedules, near-valid
 * mutations, names, steps, ranges, junk characters, edge values and
 * whitespace variants. Seeded, so every run compares the same inputs.
 */

/** mulberry32: a tiny seeded PRNG. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Spec {
  low: number;
  high: number;
  names?: readonly string[];
}

const SPECS: readonly Spec[] = [
  { low: 0, high: 59 },
  { low: 0, high: 23 },
  { low: 1, high: 31 },
  { low: 1, high: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { low: 0, high: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const JUNK = ['#', '?', 'L', 'W', ';', '=', '"', "'", '%', '!', '.', '_', 'é', '\r', '\v', '\f', '+', ':', '$', '@', '~', 'x', 'H', '\u00a0', '/', '-', ',', '*', '0', '9', ' ', '\t'];
const KEYWORDS = ['reboot', 'yearly', 'annually', 'monthly', 'weekly', 'daily', 'midnight', 'hourly'];
const EDGE_NUMBERS = ['00', '007', '0000000000005', '60', '24', '32', '13', '8', '99', '100', '-1', '4294967296', '4294967301', '4294967297', '2147483647', '2147483648', '99999999999999999999', '18446744073709551621'];
const FULL_NAMES = ['monday', 'Tues', 'january', 'sept', 'SUNDAY', 'thur'];

export function generateSchedules(count: number, seed = 20240529): string[] {
  const rnd = createRandom(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number): boolean => rnd() < p;

  const cased = (name: string): string => {
    switch (int(4)) {
      case 0:
        return name;
      case 1:
        return name.toUpperCase();
      case 2:
        return name[0]!.toUpperCase() + name.slice(1);
      default:
        return [...name].map((c) => (chance(0.5) ? c.toUpperCase() : c)).join('');
    }
  };

  const value = (spec: Spec, allowEdge: boolean): string => {
    if (allowEdge && chance(0.08)) return pick(EDGE_NUMBERS);
    if (spec.names && chance(0.3)) return cased(pick(spec.names));
    if (allowEdge && chance(0.1)) return String(pick([spec.low - 1, spec.high + 1, spec.low, spec.high, 0, 7]));
    return String(spec.low + int(spec.high - spec.low + 1));
  };

  const step = (spec: Spec, allowEdge: boolean): string => {
    if (allowEdge && chance(0.1)) return pick(['0', '00', '60', '61', '100', '4294967297', '4294967296', '2147483647', '2147483600']);
    if (allowEdge && chance(0.03) && spec.names) return cased(pick(spec.names));
    return String(1 + int(Math.max(spec.high - spec.low + 3, 2)));
  };

  const element = (spec: Spec, allowEdge: boolean): string => {
    switch (int(7)) {
      case 0:
        return '*';
      case 1:
        return `*/${step(spec, allowEdge)}`;
      case 2:
      case 3:
        return value(spec, allowEdge);
      case 4: {
        const a = value(spec, allowEdge);
        const b = value(spec, allowEdge);
        return `${a}-${b}`;
      }
      case 5: {
        const a = value(spec, allowEdge);
        const b = value(spec, allowEdge);
        return `${a}-${b}/${step(spec, allowEdge)}`;
      }
      default:
        return allowEdge && chance(0.3) ? `${value(spec, allowEdge)}/${step(spec, allowEdge)}` : value(spec, allowEdge);
    }
  };

  const field = (k: number, allowEdge: boolean): string => {
    const spec = SPECS[k]!;
    const n = chance(0.7) ? 1 : 2 + int(3);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(element(spec, allowEdge));
    return parts.join(',');
  };

  const validish = (allowEdge: boolean): string => [0, 1, 2, 3, 4].map((k) => field(k, allowEdge)).join(' ');

  const mutate = (s: string): string => {
    const chars = [...s];
    const times = 1 + int(2);
    for (let i = 0; i < times; i++) {
      const at = int(chars.length + 1);
      switch (int(6)) {
        case 0:
          chars.splice(at, 0, pick(JUNK));
          break;
        case 1:
          if (chars.length > 1) chars.splice(Math.min(at, chars.length - 1), 1);
          break;
        case 2:
          if (at < chars.length) chars[at] = pick(JUNK);
          break;
        case 3:
          if (at > 0 && at < chars.length) [chars[at - 1], chars[at]] = [chars[at]!, chars[at - 1]!];
          break;
        case 4:
          if (at < chars.length) chars.splice(at, 0, chars[at]!);
          break;
        default: {
          // junk right after an element: the "skipped characters" case
          const blanks = chars.map((c, j) => (c === ' ' ? j : -1)).filter((j) => j >= 0);
          const where = blanks.length > 0 && chance(0.8) ? pick(blanks) : chars.length;
          chars.splice(where, 0, ...pick(['#3', '?', 'L', 'W', ';', '#', 'x', '-5', '/2', ',', ',5', '#,6', '5', '*', '=1', '%', 'é']));
        }
      }
    }
    return chars.join('');
  };

  const whitespace = (s: string): string => {
    const fields = s.split(' ');
    const sep = (): string => pick([' ', '  ', '\t', ' \t ', '\t\t']);
    let out = fields.map((f, i) => (i === 0 ? f : sep() + f)).join('');
    if (chance(0.4)) out = pick([' ', '\t', '  ', ' \t']) + out;
    if (chance(0.4)) out = out + pick([' ', '\t', '  ']);
    return out;
  };

  const special = (): string => {
    switch (int(12)) {
      case 0:
        return `@${chance(0.7) ? pick(KEYWORDS) : cased(pick(KEYWORDS))}`;
      case 1:
        return `@${pick(KEYWORDS)}${pick([' ', '\t'])}${pick(['*', '5', 'root', '0 0 * * *'])}`;
      case 2:
        return pick(['@', '@ daily', '@every', '@daily#', '@reboot5', ' @hourly', '@midnight\t']);
      case 3:
        return validish(false).split(' ').slice(0, 1 + int(4)).join(' ');
      case 4:
        return `${validish(false)} ${pick(['*', '0', '2024', 'root', 'sun', '*/5'])}${chance(0.3) ? ' 1' : ''}`;
      case 5:
        return `${pick(['#', ' #', '\t#'])}${validish(false)}`;
      case 6:
        return pick(['', ' ', '\t', '   ']);
      case 7: {
        const f = validish(false).split(' ');
        const k = int(5);
        f[k] = `${f[k]}=${pick(['1', '', 'x y', '"q"'])}`;
        return f.join(' ');
      }
      case 8: {
        const f = validish(false).split(' ');
        f.splice(1, 0, pick(['=', '=x', '= 1']));
        return f.join(' ');
      }
      case 9: {
        const f = validish(false).split(' ');
        const k = int(5);
        f[k] = chance(0.5) ? pick(FULL_NAMES) : `${pick(['5L', 'L', '15W', 'LW', '5#3', '?', 'H', 'H/5', '1st', 'x5'])}`;
        return f.join(' ');
      }
      case 10: {
        const f = validish(false).split(' ');
        const k = int(5);
        f[k] = `${f[k]},${pick(['', ',', ' ', '-', '/', '*', '5-', '-5'])}${chance(0.5) ? '1' : ''}`;
        return f.join(' ');
      }
      default: {
        // names in the wrong field and as steps
        const f = validish(false).split(' ');
        const k = int(5);
        f[k] = pick([`*/${cased('mon')}`, `1-5/${cased('jan')}`, cased('jan'), cased('sun'), `${cased('mon')}-${cased('fri')}`, `${cased('jan')}-3`, `3-${cased('dec')}`, `${cased('sat')}-${cased('sun')}`]);
        return f.join(' ');
      }
    }
  };

  const out: string[] = [];
  const seen = new Set<string>();
  let guard = 0;
  while (out.length < count && guard++ < count * 20) {
    let s: string;
    const kind = int(10);
    if (kind <= 2) s = validish(false);
    else if (kind === 3) s = validish(true);
    else if (kind <= 5) s = mutate(validish(chance(0.3)));
    else if (kind === 6) s = whitespace(validish(chance(0.3)));
    else s = special();
    if (s.includes('\n') || s.includes('\0') || seen.has(s)) continue;
    seen.add(s);
    out.push(s);
  }
  return out;
}

/**
 * Hand-written schedules from the unit tests and the issue's list of facts;
 * the differential test runs them through Debian's parser too, so the unit
 * tests' expectations are themselves checked against Debian.
 */
export const CURATED_SCHEDULES: readonly string[] = [
  '   ', ' #0 3 * * *', '*/5=2 * * * *', '5 =3 * * *', '0 3 * *', '0 0 3 * * * 2024', '@daily 5', '@Daily', '@every',
  '0 24 * * *', '0 0 1,32 * *', '0 0 * * 8', '0 0 * 0 *', '99999999999999999999 * * * *', '59-59/2147483600 * * * *',
  '5/10 * * * *', '*/0 * * * *', '0 0 * * */mon', 'mon * * * *', '0 0 * mon *', '0 0 * * jan', '0 0 * * monday',
  '0 0 * * 5L', '5L * * * *', '0 0 15W * *', '5x * * * *', '1,,2 * * * *', '1, * * * *', '0 0 ? * 1', '5- * * * *',
  '*/ * * * *', '5#3 * * * *', '0 0 * * 5?', '*/5; * * * *', '4294967301 * * * *', '5-1 * * * *', '0 0 * * mon-sun',
  '0 22-2 * * *', '0 0 5-1 * 1', '0 0 30 2 *', '0 0 31 4,6 *', '*/90 * * * *', '0 0 */2 * 1', '0 0 1-31 * 1',
  '59 23 31 12 7', '0 0 1 1 0', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * 32 * *', '* * * 0 *', '* * * 13 *',
  '* * * * 8', '0 0 * * 0', '0 0 * * 7', '0 0 * * sun', '0 0 * * 5-7', '0 0 * * *', '@reboot', '@yearly', '@annually',
  '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '  @daily\t', '@HOURLY', '@', '@ daily', '@daily#x', '@daily *',
  '7 * * * *', '007 * * * *', '* * * * *', '10-15 * * * *', '*/15 * * * *', '10-40/10 * * * *', '1,5-7,*/30 * * * *',
  '0-10/0 * * * *', '*/x * * * *', '5-60 * * * *', '60-5 * * * *', '0 0 0-5 * *', '5-64/30 * * * *', '10-20/30 * * * *',
  '0 */24 * * *', '0 0 * JAN,feb,Mar,dEc *', '0 0 * * SUN,mon,Tue,sAt', '0 0 * * mon-fri', '0 0 * jan-3 *',
  '0 0 * 10-dec *', '0 0 * * mon-fri/2', '0 0 * 1-12/feb *', 'jan * * * *', '0 mon * * *', '0 0 sun * *',
  '0 0 * * feb', '0 0 * january *', '0 0 * * tues', '0 0 * * mon-7', '1,5-1 * * * *', '5-1/2 * * * *', ',1 * * * *',
  '0 0 * * 1,', '5? * * * *', '5#,6 * * * *', '*5 * * * *', '*-5 * * * *', '1-5-7 * * * *', '*/5/2 * * * *',
  '5é * * * *', '0 0 ? * *', '#5 * * * *', '*/2 1 */3 * 1', '0 0 *,5 * *', '0 0 1-31 * *', '0 0 * * *-5',
  '0 0 31 4 *', '0 0 31 2,4,6 *', '0 0 30 2 1', '0 0 29 2 *', '*/4294967297 * * * *', '4294967296-5 * 0 * *',
  '*/4294967296 * * * *', '*/99999999999999999999 * * * *', '0-0/2147483647 * * * *', '# 0 3 * * *', '\t#', 'FOO=bar',
  '5=3 * * * *', '0 = * * *', '0 0=1 * * *', '"a=b" * * * *', ' \t0\t\t3  * *\t* ', '0\r 3 * * *', '', '0 3 *',
  '0 3 * * * *', '0 0 1,15,32 * *', '70 25 * * *', '0 😀 * * *', '0 0 1 * */2', '0 0 1 * 1', '0 0 */2 * *',
  '0 0 1 * 0-6', '0 0 1-31 * 0-6', '30 2 * * *', '0,30 2 * * *', '30 * * * *', '*/20 1 * * *', '0-59 2 * * *',
  '*/30 * * * *', '0 0 29 2 */7', '15 2 * * *', '0 12 * * *',
];
