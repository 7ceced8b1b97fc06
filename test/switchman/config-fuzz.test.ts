// Bad config never crashes, hangs or passes silently (issue 12, item 8): hostile values for
// every key of /etc/switchman.conf, made by a seeded generator, are each refused with one line
// naming the key, in bounded time; most in-process against parseConfigText/loadConfig, a sample
// through the bundled executable (exit 78, one stderr line, no stack trace). Good values from
// the same generator must still pass, so the checks cannot be met by refusing everything.
// The groups document is fuzzed likewise: in-process, groups.ts never throws and answers in
// bounded time with bounded one-line messages; through the executable and a real ZooKeeper, a
// malformed other group does not stop the asked one, a malformed asked group exits 78.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KNOWN_KEYS, MAX_SECONDS, loadConfig, parseConfigText } from '../../src/switchman/config.js';
import { MAX_TIMER_SECONDS } from '../../src/switchman/config-values.js';
import type { ConfigResult } from '../../src/switchman/config.js';
import { EXIT_CONFIG } from '../../src/switchman/exit-codes.js';
import { MAX_WARNINGS, judgeGroup, parseGroupsDocument } from '../../src/switchman/groups.js';
import { prng } from '../support/prng.js';
import { zkTestOptions } from '../support/zookeeper.js';
import { SharedZk, ensureBundle, makeSetup, runSwitchman } from './harness.js';
import type { SwitchmanRun } from './harness.js';

const work = mkdtempSync(join(tmpdir(), 'switchman-fuzz-'));
after(() => rmSync(work, { recursive: true, force: true }));

// --- the generator ----------------------------------------------------------------------------

type Rand = () => number;

const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Characters that break things: controls, line separators, bidi overrides, lone and paired surrogates, wide forms. */
const NASTY = ['\u0000', '\u0001', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\u202e', '\ufeff', '\ud800', '\udfff', '😀', 'Ｚ', '"', '\\', '/', ':', ',', ';', ' '];
const PLAIN = 'abcdefghijklmnopqrstuvwxyz0123456789-._éü中';

function randomString(r: Rand, alphabet: readonly string[] | string, min = 0, max = 24): string {
  const chars = typeof alphabet === 'string' ? [...alphabet] : alphabet;
  let s = '';
  for (let n = int(r, min, max); n > 0; n--) s += pick(r, chars);
  return s;
}

/** A string with at least one of `bad` in it, somewhere. */
function withOneOf(r: Rand, bad: readonly string[], around: string): string {
  const at = int(r, 0, around.length);
  return around.slice(0, at) + pick(r, bad) + around.slice(at);
}

/** A JSON text (raw, so it can hold 1e400, -0, deep nesting and escapes) of a random value. */
function randomJson(r: Rand, exclude: ReadonlySet<'string' | 'number' | 'boolean' | 'null' | 'array' | 'object'>): string {
  const kinds = (['string', 'number', 'boolean', 'null', 'array', 'object', 'deep'] as const).filter((k) => !exclude.has(k === 'deep' ? 'array' : k));
  switch (pick(r, kinds)) {
    case 'string':
      return JSON.stringify(randomString(r, [...NASTY, ...PLAIN], 0, 40));
    case 'number':
      return pick(r, ['0', '-0', '1', '-1', '1e400', '-1e400', '1e-400', '3.5', '1e308', '9007199254740993', String(r() * 1e6), String(-r() * 1e3)]);
    case 'boolean':
      return pick(r, ['true', 'false']);
    case 'null':
      return 'null';
    case 'array':
      return `[${Array.from({ length: int(r, 0, 4) }, () => JSON.stringify(randomString(r, PLAIN))).join(',')}]`;
    case 'object':
      return pick(r, ['{}', '{"__proto__": 1}', '{"toString": "x", "toJSON": 1}', '{"constructor": {"prototype": null}}', '{"zkhosts": "a:1"}']);
    case 'deep': {
      // JSON.parse takes 100,000 levels; a recursive printer of the value would not.
      const depth = pick(r, [100, 10_000, 100_000]);
      return pick(r, ['[', '{"a":']).startsWith('[') ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    }
  }
}

interface KeySpec {
  key: string;
  /** A hostile value (JSON text): must be refused. */
  bad: (r: Rand) => string;
  /** A fine value (JSON text): must be accepted. */
  good: (r: Rand) => string;
}

const NOT_STRING = new Set(['string'] as const);
const NOT_STRING_OR_NULL = new Set(['string', 'null'] as const);
const NOT_NUMBER = new Set(['number'] as const);
const ZK_REFUSED = ['\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\ud800', '\ue000', '\uf8ff', '\ufff0', '\uffff', '😀'];
const LEVELS = ['debug', 'info', 'warning', 'error', 'critical', 'warn', 'notice', 'err', 'alert', 'emergency', 'crit'];

function seconds(key: string, allowZero: boolean, max = MAX_SECONDS): KeySpec {
  return {
    key,
    bad: (r) =>
      pick(r, [
        () => randomJson(r, NOT_NUMBER),
        () => String(-(r() * 1e6) - 1e-9),
        () => String(max + 1e-6 + r() * 1e300),
        () => pick(r, ['1e400', '-1e400', '"10"', '"NaN"', '"Infinity"', '"0x10"', '" 5 "', '"10s"']),
        ...(allowZero ? [] : [() => pick(r, ['0', '-0', '0.0', '1e-400'])]),
      ])(),
    good: (r) => pick(r, [String(r() * max || 1), String(max), '1e-300', '0.5', ...(allowZero ? ['0', '-0', '1e-400'] : [])]),
  };
}

const SPECS: KeySpec[] = [
  {
    key: 'zkhosts',
    bad: (r) =>
      pick(r, [
        () => randomJson(r, new Set(['string', 'array'])),
        () => pick(r, ['""', '"   "', '[]', '[""]', '[1]', '[null]', '[["a:1"]]', '["a:1", 2]']),
        () => JSON.stringify(`${randomString(r, PLAIN, 1)}:${int(r, 65536, 1e9)}`),
        () => JSON.stringify(`${randomString(r, PLAIN, 1)}:${pick(r, ['0', '', '-1', 'x', '21 81'])}`),
        () => JSON.stringify(`${withOneOf(r, ['\u0000', '\u0001', '\u001b', '\u007f', '\u0085', ' ', ';', '/'], randomString(r, PLAIN, 1))}:2181`),
        () => JSON.stringify(`zk1:2181${pick(r, [';', ' ', ',,', ', '])}zk2:2181`),
        () => JSON.stringify(`zk1:2181${pick(r, ['/', '//x', '/a/../b', '/./x', `/x${pick(r, ZK_REFUSED)}`])}`),
        () => JSON.stringify(randomString(r, 'abc.-', 10_000, 100_000)),
      ])(),
    good: (r) => {
      const hosts = Array.from({ length: int(r, 1, 5) }, () => `${pick(r, ['zk', '10.0.0.', 'node-'])}${int(r, 1, 99)}${pick(r, ['', '.example.com'])}:${int(r, 1, 65535)}`);
      return pick(r, [JSON.stringify(hosts.join(',') + pick(r, ['', '/switchman', '/a/b'])), JSON.stringify(hosts), JSON.stringify(`[::1]:${int(r, 1, 65535)}`)]);
    },
  },
  {
    key: 'prefix',
    bad: (r) =>
      pick(r, [
        () => randomJson(r, NOT_STRING),
        () => pick(r, ['""', '"/"', '"//"', '"/a//b"', '"/a/./b"', '"/a/.."', '"relative"', '"./x"']),
        () => JSON.stringify(randomString(r, PLAIN, 1, 50_000).replace(/^\/*/, 'x')),
        () => JSON.stringify(`/${withOneOf(r, ZK_REFUSED, randomString(r, PLAIN, 1))}`),
      ])(),
    good: (r) => JSON.stringify(`/${Array.from({ length: int(r, 1, 4) }, () => randomString(r, PLAIN.replace('.', ''), 1, 12)).join('/')}${pick(r, ['', '/'])}`),
  },
  {
    key: 'logfile',
    bad: (r) =>
      pick(r, [
        () => randomJson(r, NOT_STRING_OR_NULL),
        () => '""',
        () => JSON.stringify(withOneOf(r, ['\u0000', '\u0001', '\n', '\r', '\u001b', '\u007f'], `/var/log/${randomString(r, PLAIN)}`)),
        () => JSON.stringify(`/var/log/${'€'.repeat(int(r, 1400, 20_000))}`),
      ])(),
    good: (r) => pick(r, ['null', JSON.stringify(`/var/log/${randomString(r, `${PLAIN} `, 1, 60)}.log`), JSON.stringify(randomString(r, PLAIN, 1, 30))]),
  },
  {
    key: 'loglevel',
    bad: (r) =>
      pick(r, [
        () => randomJson(r, NOT_STRING),
        () => pick(r, ['""', '"constructor"', '"__proto__"', '"toString"', '"hasOwnProperty"', '"verbose"', '"info "', '"İNFO"', '"debug\\u0000"']),
        () => JSON.stringify(withOneOf(r, NASTY, pick(r, LEVELS))),
        () => JSON.stringify(randomString(r, PLAIN, 1, 100_000)),
      ])(),
    good: (r) => JSON.stringify([...pick(r, LEVELS)].map((c) => (r() < 0.5 ? c.toUpperCase() : c)).join('')),
  },
  seconds('termination_timeout', true),
  seconds('session_timeout', false),
  seconds('connect_timeout', false),
  seconds('resources_wait_timeout', true, MAX_TIMER_SECONDS),
  {
    key: 'hostname',
    bad: (r) =>
      pick(r, [
        () => randomJson(r, NOT_STRING_OR_NULL),
        () => pick(r, ['""', '" "', '"a b"', '"box\\n"', '"\\u0000"', '"box\\u2028x"']),
        () => JSON.stringify(withOneOf(r, [' ', '\t', '\n', '\u0000', '\u001b', '\u0085', '\u00a0', '\u2028', '\u3000'], randomString(r, PLAIN, 1))),
        () => JSON.stringify(`${'a'.repeat(int(r, 254, 70_000))}`),
      ])(),
    good: (r) => pick(r, ['null', JSON.stringify(`${randomString(r, PLAIN, 1, 40)}.example.com`), JSON.stringify('a'.repeat(253))]),
  },
  ...(['cgroup_parent', 'syslog_socket', 'manifest_dir'] as const).map(
    (key): KeySpec => ({
      key,
      bad: (r) =>
        pick(r, [
          () => randomJson(r, NOT_STRING_OR_NULL),
          () => pick(r, ['""', '"relative/dir"', '"./x"', '"~/x"', key === 'cgroup_parent' ? '"OFF"' : '"off"']),
          () => JSON.stringify(withOneOf(r, ['\u0000', '\u0001', '\n', '\u001b', '\u007f'], `/run/${randomString(r, PLAIN)}`)),
          () => JSON.stringify(`/${'a'.repeat(int(r, 4095, 20_000))}`),
        ])(),
      good: (r) => pick(r, ['null', JSON.stringify(`/${randomString(r, PLAIN, 1, 40)}`), ...(key === 'cgroup_parent' ? ['"off"'] : [])]),
    }),
  ),
  {
    key: 'configured',
    bad: (r) => pick(r, [() => randomJson(r, new Set(['boolean'])), () => pick(r, ['"false"', '"true"', '0', '1', 'null', '"no"'])])(),
    good: (r) => pick(r, ['true', 'false']),
  },
];

const BASE: Record<string, unknown> = { zkhosts: '127.0.0.1:1', prefix: '/switchman/fuzz', connect_timeout: 1 };

/** The config text: the base keys (less `key`), then `"key": valueText`, as written (valueText may be any JSON). */
function configText(key: string, valueText: string, extra = ''): string {
  const base = Object.entries(BASE)
    .filter(([k]) => k !== key)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{${[...base, `${JSON.stringify(key)}: ${valueText}`].join(', ')}${extra}}`;
}

interface FuzzCase {
  key: string;
  text: string;
}

function hostileCases(seed: number, perKey: number): FuzzCase[] {
  const r = prng(seed);
  const cases: FuzzCase[] = [];
  for (const spec of SPECS) {
    for (let i = 0; i < perKey; i++) cases.push({ key: spec.key, text: configText(spec.key, spec.bad(r)) });
    // The same key twice, both times with a value that is fine alone.
    cases.push({ key: spec.key, text: configText(spec.key, spec.good(r), `, ${JSON.stringify(spec.key)}: ${spec.good(r)}`) });
  }
  return cases;
}

/** One error, naming the key, on one short line of printable text. */
function assertOneLineNamingKey(result: ConfigResult, key: string, what: string): void {
  assert.equal(result.config, undefined, `${what}: accepted`);
  assert.equal(result.unconfigured, undefined, `${what}: taken for "not configured"`);
  assert.equal(result.errors.length, 1, `${what}: ${JSON.stringify(result.errors)}`);
  const line = result.errors[0]!;
  assert.ok(line.includes(`"${key}"`), `${what}: names the key: ${line}`);
  assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, `${what}: printable, one line`);
  assert.ok(line.length <= 400, `${what}: short (${line.length})`);
}

function label(c: FuzzCase): string {
  return `${c.key}: ${JSON.stringify(c.text.length > 200 ? `${c.text.slice(0, 200)}…` : c.text)}`;
}

// --- in-process: the config ------------------------------------------------------------------

test('the generator covers every key config.ts reads', () => {
  assert.deepEqual(SPECS.map((s) => s.key).sort(), [...KNOWN_KEYS].sort());
});

test('every hostile value of every key is refused with one line naming the key, in bounded time', () => {
  const cases = hostileCases(20_260_801, 60);
  assert.ok(cases.length > 500);
  let slowest = 0;
  for (const c of cases) {
    const started = performance.now();
    const result = parseConfigText(c.text, '/etc/switchman.conf');
    slowest = Math.max(slowest, performance.now() - started);
    assertOneLineNamingKey(result, c.key, label(c));
  }
  // A megabyte of text is parsed and checked in milliseconds; a quadratic check would not be.
  assert.ok(slowest < 1000, `slowest case took ${Math.round(slowest)} ms`);
});

test('the good values of the same generator pass: the hostile ones are refused for what they are', () => {
  const r = prng(7);
  for (const spec of SPECS) {
    for (let i = 0; i < 40; i++) {
      const value = spec.good(r);
      const result = parseConfigText(configText(spec.key, value), 'f');
      const ok = result.config !== undefined || (spec.key === 'configured' && value === 'false' && result.unconfigured !== undefined);
      assert.ok(ok, `${spec.key}: ${value.slice(0, 120)}: ${JSON.stringify(result.errors)}`);
    }
  }
});

test('a positive timeout stays positive: 1e-300 seconds is 1 ms, not 0 ("no wait")', () => {
  const result = parseConfigText(configText('connect_timeout', '1e-9', ', "session_timeout": 1e-300'), 'f');
  assert.equal(result.config?.sessionTimeoutMs, 1);
  assert.equal(result.config?.connectTimeoutMs, 1);
  assert.equal(parseConfigText(configText('termination_timeout', '1e-9'), 'f').config?.terminationTimeoutMs, 0);
});

test('hostile unknown keys are ignored, as the Perl switchman ignores ours', () => {
  const r = prng(11);
  for (let i = 0; i < 50; i++) {
    const name = randomString(r, [...NASTY, ...PLAIN], 1, 30);
    const result = parseConfigText(configText('x', '1', `, ${JSON.stringify(name)}: ${randomJson(r, new Set())}`), 'f');
    assert.ok(result.config, `${JSON.stringify(name)}: ${JSON.stringify(result.errors)}`);
    assert.ok(result.unknownKeys.includes(name));
  }
  // "__proto__" in JSON is an own key, not the prototype: it changes nothing.
  assert.deepEqual(parseConfigText(configText('__proto__', '{"prefix": "/evil"}'), 'f').config?.prefix, '/switchman/fuzz');
});

test('"configured": false with a bad logfile is an error, not a silent "not configured"', () => {
  const result = parseConfigText('{"configured": false, "logfile": "/var/log/a\\u0000b"}', 'f');
  assertOneLineNamingKey(result, 'logfile', 'configured false');
});

test('broken files: one line naming the file, in bounded time', () => {
  const r = prng(3);
  const files: Array<[string, string | Buffer | undefined]> = [
    ['empty.conf', ''],
    ['truncated.conf', '{"zkhosts": "a:1", "pref'],
    ['nul.conf', '{"zkhosts": "a:1"\u0000}'],
    ['ansi.conf', '\u001b[2J\u001b[31m{'],
    ['latin1.conf', Buffer.concat([Buffer.from('{"zkhosts": "a:1", "prefix": "/p'), Buffer.from([0xe9, 0xff]), Buffer.from('"}')])],
    ['utf16.conf', Buffer.from('\ufeff{"zkhosts": "a:1"}', 'utf16le')],
    ['array.conf', '[{"zkhosts": "a:1", "prefix": "/p"}]'],
    ['garbage.conf', Buffer.from(Array.from({ length: 4096 }, () => int(r, 0, 255)))],
    ['dir.conf', undefined],
  ];
  for (const [name, content] of files) {
    const path = join(work, name);
    if (content === undefined) mkdirSync(path);
    else writeFileSync(path, content);
  }
  symlinkSync(join(work, 'loop-b.conf'), join(work, 'loop-a.conf'));
  symlinkSync(join(work, 'loop-a.conf'), join(work, 'loop-b.conf'));
  for (const name of [...files.map(([n]) => n), 'loop-a.conf', 'missing.conf']) {
    const started = performance.now();
    const result = loadConfig(join(work, name));
    assert.ok(performance.now() - started < 1000, name);
    assert.equal(result.config, undefined, name);
    assert.equal(result.errors.length, 1, `${name}: ${JSON.stringify(result.errors)}`);
    assert.ok(result.errors[0]!.includes(name), `${name}: names the file: ${result.errors[0]}`);
    assert.doesNotMatch(result.errors[0]!, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, `${name}: printable`);
  }
});

// --- in-process: the groups document ---------------------------------------------------------

/** A random groups document: names from a small pool (so entries name groups, cycles happen), values of every shape. */
function randomGroupsDocument(r: Rand): string {
  const pool = ['g', 'h', 'a', 'b', '0', '1', '', 'constructor', '__proto__', 'vm1', 'vm2', '5', 'toString'];
  const entry = (): string =>
    pick(r, [
      () => JSON.stringify(pick(r, pool)),
      () => JSON.stringify(randomString(r, [...NASTY, ...PLAIN], 0, 12)),
      () => randomJson(r, new Set(['string'])),
    ])();
  const value = (): string =>
    pick(r, [
      () => JSON.stringify(pick(r, pool)),
      () => `[${Array.from({ length: int(r, 0, 6) }, entry).join(',')}]`,
      () => randomJson(r, new Set()),
      () => `[${Array.from({ length: int(r, 0, 3) }, () => `[${entry()}]`).join(',')}]`,
    ])();
  const groups = Array.from({ length: int(r, 0, 8) }, () => `${JSON.stringify(pick(r, pool))}: ${value()}`);
  return pick(r, [
    () => `{"groups": {${groups.join(', ')}}}`,
    () => `{"groups": {${groups.join(', ')}}, "resources": ${randomJson(r, new Set())}}`,
    () => `{"groups": ${randomJson(r, new Set())}}`,
    () => randomJson(r, new Set()),
    () => `{"groups": {${groups.join(', ')}}`.slice(0, int(r, 0, 40)),
  ])();
}

test('groups.ts never throws on a hostile document and answers in bounded time, in short single lines', () => {
  const r = prng(42);
  const hosts = ['vm1', 'vm2', '5', '1', '0', ''];
  let slowest = 0;
  for (let i = 0; i < 3000; i++) {
    const text = randomGroupsDocument(r);
    const asked = pick(r, ['g', 'h', 'a', '0', '', 'constructor', 'toString', 'nope']);
    const started = performance.now();
    const parsed = parseGroupsDocument(text);
    const lines = parsed.ok ? [...parsed.warnings] : [parsed.error];
    if (parsed.ok) {
      const verdict = judgeGroup(parsed.groups, asked, pick(r, hosts));
      assert.ok(['allowed', 'not-in-group', 'unknown-group', 'malformed-group'].includes(verdict.permission));
      assert.equal(verdict.error === undefined, verdict.permission === 'allowed' || verdict.permission === 'not-in-group', text);
      assert.ok(verdict.warnings.length <= MAX_WARNINGS);
      lines.push(...verdict.warnings, ...(verdict.error === undefined ? [] : [verdict.error]));
      assert.ok(parsed.warnings.length <= MAX_WARNINGS);
    }
    slowest = Math.max(slowest, performance.now() - started);
    for (const line of lines) {
      assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, `${JSON.stringify(text.slice(0, 200))}: ${JSON.stringify(line)}`);
      assert.ok(line.length <= 400, line);
    }
  }
  assert.ok(slowest < 1000, `slowest document took ${Math.round(slowest)} ms`);
});

test('a megabyte groups document of bad entries is judged in bounded time', () => {
  const bad = Array.from({ length: 60_000 }, (_, i) => `"g${i}": ${i % 3 === 0 ? 'null' : i % 3 === 1 ? '{"x":[1]}' : `[${i}, null, ["g${i + 1}"]]`}`);
  const text = `{"groups": {"asked": ["vm1", "g2"], ${bad.join(', ')}}}`;
  assert.ok(text.length > 900_000);
  const started = performance.now();
  const parsed = parseGroupsDocument(text);
  assert.ok(parsed.ok);
  assert.equal(parsed.warnings.length, MAX_WARNINGS);
  assert.equal(judgeGroup(parsed.groups, 'asked', 'vm1').permission, 'allowed');
  assert.equal(judgeGroup(parsed.groups, 'g0', 'vm1').permission, 'malformed-group');
  assert.ok(performance.now() - started < 2000, `${Math.round(performance.now() - started)} ms`);
});

// --- through the executable -------------------------------------------------------------------

/** One stderr line as the logger writes config errors: `<ISO time> switchman[<pid>] ERROR <file>: ...`. */
const ERROR_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z switchman\[\d+\] ERROR /;
const RUN_TIMEOUT_MS = 15_000;

/** Waits for the run, killing it (and failing) if it outlives the bound. */
async function finish(run: SwitchmanRun, what: string): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const timer = setTimeout(() => run.child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const end = await run.exited;
  clearTimeout(timer);
  const ms = Date.now() - started;
  assert.ok(ms < RUN_TIMEOUT_MS, `${what}: hung, killed after ${ms} ms`);
  return { code: end.code, ms };
}

before(() => void ensureBundle());

test('the executable: a sample of 40 hostile configs exit 78 with one line naming the key, no stack trace, quickly', async () => {
  const r = prng(99);
  const all = hostileCases(1_234_567, 10);
  const sample = Array.from({ length: 40 }, () => all.splice(Math.floor(r() * all.length), 1)[0] as FuzzCase);
  // A few at a time: each is a node start-up.
  for (let i = 0; i < sample.length; i += 8) {
    await Promise.all(
      sample.slice(i, i + 8).map(async (c, j) => {
        const path = join(work, `sample-${i + j}.conf`);
        writeFileSync(path, c.text);
        const run = runSwitchman(['--config', path, '--group', 'g', '--lockname', 'l', '--', 'true']);
        const { code } = await finish(run, label(c));
        const stderr = run.stderr();
        assert.equal(code, EXIT_CONFIG, `${label(c)}: ${stderr}`);
        const lines = stderr.split('\n').filter((l) => l !== '');
        assert.equal(lines.length, 1, `${label(c)}: one line: ${stderr}`);
        assert.match(lines[0]!, ERROR_LINE);
        assert.ok(lines[0]!.includes(`"${c.key}"`), `${label(c)}: names the key: ${lines[0]}`);
        assert.doesNotMatch(stderr, /\n\s+at |internal error/, 'no stack trace');
        assert.equal(run.stdout(), '');
      }),
    );
  }
});

// --- through the executable, against ZooKeeper: the groups document -------------------------

const zk = new SharedZk();
after(() => zk.dispose());

test('the executable: a malformed other group does not stop the asked one; a malformed asked group exits 78 with one line', zkTestOptions(), async () => {
  const server = await zk.get();
  const admin = await zk.admin();
  const setup = makeSetup(server.connectString);
  const host = setup.host;
  const documents: Array<{ doc: string; group: string; runs: boolean; code: number }> = [
    { doc: JSON.stringify({ groups: { g: host, h: 5 } }), group: 'g', runs: true, code: 0 },
    { doc: JSON.stringify({ groups: { g: [host, 7, null, { x: 1 }, ['y']], h: null } }), group: 'g', runs: true, code: 0 },
    { doc: `{"groups": {"g": ["${host}", "sub"], "sub": {"deep": ${'['.repeat(50_000)}${']'.repeat(50_000)}}, "z": ""}}`, group: 'g', runs: true, code: 0 },
    { doc: JSON.stringify({ groups: { g: '', h: host } }), group: 'g', runs: false, code: EXIT_CONFIG },
    { doc: JSON.stringify({ groups: { g: 5, h: host } }), group: 'g', runs: false, code: EXIT_CONFIG },
    { doc: JSON.stringify({ groups: { g: [host, 'h'], h: null } }), group: 'g', runs: false, code: EXIT_CONFIG },
  ];
  for (const [i, d] of documents.entries()) {
    await admin.setData(setup.prefix, d.doc);
    const marker = join(setup.dir, `ran-${i}`);
    const run = runSwitchman(['-c', setup.configPath, '-g', d.group, '--lockname', 'l', '--', '/bin/sh', '-c', `echo > "${marker}"`], { host });
    const what = `document ${i}: ${d.doc.slice(0, 120)}`;
    const { code } = await finish(run, what);
    const stderr = run.stderr();
    assert.equal(code, d.code, `${what}: ${stderr}`);
    assert.equal(existsSync(marker), d.runs, `${what}: the job ran`);
    assert.doesNotMatch(stderr, /\n\s+at |internal error/, `${what}: no stack trace`);
    if (d.runs) assert.doesNotMatch(stderr, /ERROR/, `${what}: ${stderr}`);
    else {
      const lines = stderr.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, `${what}: one line: ${stderr}`);
      assert.match(lines[0]!, ERROR_LINE);
      assert.match(lines[0]!, /group=g/);
    }
  }
});
