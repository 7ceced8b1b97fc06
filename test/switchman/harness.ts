// Shared pieces of the switchman end-to-end tests: the bundle, a ZooKeeper admin client,
// per-test config files, running switchman, and waiting on events with deadlines.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zookeeper from 'node-zookeeper-client';
import type { Client, Stat } from 'node-zookeeper-client';
import { after } from 'node:test';
import { ZkServer } from '../support/zookeeper.js';
import { ZkSession } from '../../src/switchman/zk-session.js';
import { disposeTestCgroupsSync, makeTestCgroups } from './tree-support.js';
import type { TestCgroups } from './tree-support.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE = join(ROOT, 'dist', 'switchman.cjs');
/** The node that runs the bundle: SWITCHMAN_TEST_NODE lets the suite run it on e.g. Debian's node 18. */
export const NODE = process.env['SWITCHMAN_TEST_NODE'] ?? process.execPath;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/switchman.cjs when it is missing or older than its sources. */
export function ensureBundle(): string {
  const sources = Math.max(newestSource(join(ROOT, 'src', 'switchman')), statSync(join(ROOT, 'scripts', 'bundle-switchman.mjs')).mtimeMs);
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= sources) return BUNDLE;
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-switchman.mjs'), '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bundling switchman failed:\n${result.stdout}${result.stderr}`);
  return BUNDLE;
}

// --- waiting --------------------------------------------------------------------------------

export async function waitFor<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Alive = exists and is not a zombie (a dead orphan may wait for a reaper that never comes). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The fence processes of a switchman: its children running `--internal-fence`. */
export function fencesOf(switchmanPid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === switchmanPid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('--internal-fence')) out.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

export function readPidFile(path: string): number | undefined {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

// --- ZooKeeper admin ------------------------------------------------------------------------

function cb<T>(start: (done: (error: unknown, value: T) => void) => void): Promise<T> {
  return new Promise((resolvePromise, reject) => start((error, value) => (error ? reject(error) : resolvePromise(value))));
}

export class ZkAdmin {
  private constructor(readonly client: Client) {}

  static async connect(connectString: string, sessionTimeoutMs = 30_000): Promise<ZkAdmin> {
    const client = zookeeper.createClient(connectString, { sessionTimeout: sessionTimeoutMs, spinDelay: 100 });
    await new Promise<void>((r) => {
      client.once('connected', () => r());
      client.connect();
    });
    return new ZkAdmin(client);
  }

  get sessionId(): string {
    return this.client.getSessionId().toString('hex');
  }

  async setGroups(prefix: string, groups: Record<string, string | string[]>): Promise<void> {
    await this.setData(prefix, JSON.stringify({ groups }));
  }

  async setData(path: string, text: string): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    const exists = await cb<Stat | null>((d) => this.client.exists(path, d));
    if (exists === null) await cb<string>((d) => this.client.mkdirp(path, data, d));
    else await cb<Stat>((d) => this.client.setData(path, data, -1, d));
  }

  async get(path: string): Promise<{ data: string; stat: Stat } | null> {
    try {
      return await cb<{ data: string; stat: Stat }>((d) => this.client.getData(path, (e, data, stat) => d(e, { data: data?.toString('utf8') ?? '', stat })));
    } catch (error) {
      if ((error as { code?: number }).code === zookeeper.Exception.NO_NODE) return null;
      throw error;
    }
  }

  /** The children's names, sorted, or [] when the node does not exist. */
  async children(path: string): Promise<string[]> {
    try {
      return (await cb<string[]>((d) => this.client.getChildren(path, d))).sort();
    } catch (error) {
      if ((error as { code?: number }).code === zookeeper.Exception.NO_NODE) return [];
      throw error;
    }
  }

  async remove(path: string): Promise<void> {
    await cb<void>((d) => this.client.remove(path, -1, (e) => d(e, undefined)));
  }

  async createEphemeral(path: string, text: string): Promise<void> {
    await cb<string>((d) => this.client.mkdirp(path.slice(0, path.lastIndexOf('/')), d));
    await cb<string>((d) => this.client.create(path, Buffer.from(text, 'utf8'), zookeeper.CreateMode.EPHEMERAL, d));
  }

  close(): void {
    this.client.close();
  }
}

// --- configs and runs -----------------------------------------------------------------------

let counter = 0;
const tempDirs: string[] = [];
process.once('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  if (testCgroups?.parent !== undefined) disposeTestCgroupsSync(testCgroups.parent);
});

// Runs never make cgroups where a real switchman would (<cgroup2>/switchman): each test process
// gets a throw-away parent of its own, or 'off' where cgroup v2 is not writable.
let testCgroups: TestCgroups | undefined;
function testCgroupParent(): string {
  testCgroups ??= makeTestCgroups();
  return testCgroups.parent ?? 'off';
}

export interface TestSetup {
  dir: string;
  prefix: string;
  configPath: string;
  logPath: string;
  host: string;
}

/** A fresh prefix, temp dir and config file; `host` is the name switchman will use (SWITCHMAN_HOSTNAME). */
export function makeSetup(connectString: string, extra: Record<string, unknown> = {}): TestSetup {
  counter += 1;
  const dir = mkdtempSync(join(tmpdir(), 'switchman-test-'));
  tempDirs.push(dir);
  const prefix = `/switchman/t${process.pid}-${counter}`;
  const configPath = join(dir, 'switchman.conf');
  const logPath = join(dir, 'switchman.log');
  writeFileSync(
    configPath,
    JSON.stringify({ zkhosts: connectString, prefix, logfile: logPath, loglevel: 'debug', termination_timeout: 5, session_timeout: 4, connect_timeout: 5, cgroup_parent: testCgroupParent(), ...extra }),
  );
  return { dir, prefix, configPath, logPath, host: `box${counter}.test.example` };
}

/** A copy of a test config that talks to ZooKeeper at `connectString` (another box's view, past a proxy). */
export function configVia(configPath: string, connectString: string): string {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  const path = `${configPath}.${connectString.replace(/[^0-9A-Za-z]/g, '_')}`;
  writeFileSync(path, JSON.stringify({ ...config, zkhosts: connectString }));
  return path;
}

export function readLog(setup: TestSetup): string {
  try {
    return readFileSync(setup.logPath, 'utf8');
  } catch {
    return '';
  }
}

export interface SwitchmanRun {
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

/** Environment for switchman under test: NODE_EXTRA_CA_CERTS only slows node's start-up. */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env['NODE_EXTRA_CA_CERTS'];
  delete env['NODE_OPTIONS'];
  delete env['NODE_TEST_CONTEXT'];
  return env;
}

/**
 * Every switchman a test started and that has not exited. A test that fails half-way may leave
 * one running, or frozen by SIGSTOP: its output pipes would then keep the test file's process
 * alive for ever (CI once waited 90 minutes on one). After the file's tests, SIGKILL ends them
 * (a stopped process too); their fences then stop what they ran.
 */
const unfinished = new Set<ChildProcess>();
function killUnfinished(): void {
  for (const child of unfinished) {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}
// Only under node --test: in a bench, after() would print a test report of its own. A file
// that runs out of time is ended by the runner with SIGTERM, before its after() hooks: its runs
// go with it, not on as orphans.
if (process.env['NODE_TEST_CONTEXT'] !== undefined) {
  after(killUnfinished);
  process.once('SIGTERM', () => {
    killUnfinished();
    process.exit(143);
  });
}

/** Runs `during` with switchman frozen by SIGSTOP, and thaws it however `during` ends. */
export async function whileFrozen<T>(run: SwitchmanRun, during: () => Promise<T>): Promise<T> {
  process.kill(run.pid, 'SIGSTOP');
  try {
    return await during();
  } finally {
    process.kill(run.pid, 'SIGCONT');
  }
}

/**
 * switchman on `args`: node on the bundle, as the npm package runs it, or with `launcher` the
 * native launcher (test/switchman/launcher.ts compiles it), as Debian's /usr/bin/switchman does.
 */
export function runSwitchman(args: string[], options: { host?: string; env?: Record<string, string>; bundle?: string; launcher?: string } = {}): SwitchmanRun {
  const env = testEnv({ ...(options.host === undefined ? {} : { SWITCHMAN_HOSTNAME: options.host }), ...options.env });
  const bundle = options.bundle ?? BUNDLE;
  const child = options.launcher === undefined ? spawn(NODE, [...shebangFlags(bundle), bundle, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(options.launcher, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  unfinished.add(child);
  child.once('exit', () => unfinished.delete(child));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('close', (code, signal) => r({ code, signal })));
  if (child.pid === undefined) throw new Error('switchman did not start');
  return { child, pid: child.pid, exited, stdout: () => out, stderr: () => err };
}

/** The node flags of the bundle's `#!/usr/bin/env -S node FLAGS` line: runs start node as the installed file does. */
export function shebangFlags(bundle: string): string[] {
  const first = readFileSync(bundle, 'utf8').slice(0, 200).split('\n')[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node (.*)$/.exec(first);
  return match?.[1] === undefined ? [] : match[1].split(' ');
}

/** A job whose tree has three levels; each process writes its pid to DIR/{main,child,grandchild}.pid. */
export function treeJob(dir: string, extraMain = ''): string[] {
  return [
    '/bin/sh',
    '-c',
    `${extraMain}
echo $$ > "$0/main.pid"
/bin/sh -c 'echo $$ > "$0/child.pid"; sleep 1000 & echo $! > "$0/grandchild.pid"; wait' "$0" &
wait`,
    dir,
  ];
}

export async function waitForTree(dir: string): Promise<number[]> {
  return waitFor(
    () => {
      const pids = ['main', 'child', 'grandchild'].map((n) => readPidFile(join(dir, `${n}.pid`)));
      return pids.every((p) => p !== undefined) ? (pids as number[]) : undefined;
    },
    10_000,
    'the job tree to start',
  );
}

// --- one ZooKeeper per test file ------------------------------------------------------------

/** Starts the server on first use; `dispose()` in an after() hook. */
export class SharedZk {
  private server: Promise<ZkServer> | undefined;
  private adminClient: Promise<ZkAdmin> | undefined;

  get(): Promise<ZkServer> {
    this.server ??= ZkServer.start();
    return this.server;
  }

  admin(): Promise<ZkAdmin> {
    this.adminClient ??= this.get().then((s) => ZkAdmin.connect(s.connectString));
    return this.adminClient;
  }

  /** A session of switchman's own client on this server (for in-process tests); dispose() closes it. */
  async session(): Promise<ZkSession> {
    const server = await this.get();
    const session = await ZkSession.connect(server.connectString, { sessionTimeoutMs: 10_000, connectTimeoutMs: 5000 });
    this.sessions.push(session);
    return session;
  }

  private readonly sessions: ZkSession[] = [];

  async dispose(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.close(1000)));
    if (this.adminClient !== undefined) (await this.adminClient.catch(() => undefined))?.close();
    if (this.server !== undefined) await (await this.server.catch(() => undefined))?.dispose();
  }
}
