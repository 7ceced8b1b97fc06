// A clean Debian root for end-to-end tests: `debootstrap --variant=minbase` from Debian's
// packages (the mirror this machine's apt already uses), plus a few packages installed with
// apt-get inside it, cached as a tarball under the system temp dir and unpacked into a
// private folder for each run. Commands run in it with chroot, in private mount and pid
// namespaces (unshare), so nothing is installed on, mounted on or started on this machine:
// every mount lives and dies with the namespace of the command that made it.
//
// Needs root, debootstrap, unshare, flock and tar (and, the first time, the mirror).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './golden.js';

/** The environment of every command run in the root: nothing of this machine's. */
export const ROOT_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LC_ALL: 'C',
  DEBIAN_FRONTEND: 'noninteractive',
  HOME: '/root',
};

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time in milliseconds. */
  ms: number;
}

/** Runs a command to its end without blocking the event loop (ZooKeeper clients keep their sessions). */
export function runAsync(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, signal: null, stdout, stderr: `${stderr}${String(error)}`, ms: Date.now() - started });
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, ms: Date.now() - started });
    });
    if (child.stdin !== null) {
      child.stdin.on('error', () => undefined); // a command that exits without reading all of it
      child.stdin.end(options.input);
    }
  });
}

export interface AptMirror {
  uri: string;
  /** The Signed-By keyring of that apt source, when it names a file. */
  keyring: string | undefined;
}

/**
 * The mirror this machine's apt uses for `suite` main. test/oracle/build.sh holds the code
 * that reads apt's sources (one-line and deb822, honouring APT_CONFIG); its --print-sources
 * prints the entries it found, and fails saying what to add when there is none.
 */
export async function machineMirror(suite: string): Promise<AptMirror> {
  const env: NodeJS.ProcessEnv = { ...process.env, CRON_SUITE: suite };
  const printed = await runAsync('bash', [join(repoRoot, 'test', 'oracle', 'build.sh'), '--print-sources'], { env });
  const uri = /^URIs: *(\S+)/m.exec(printed.stdout)?.[1];
  if (printed.status !== 0 || uri === undefined) throw new Error(`no apt mirror for ${suite} on this machine:\n${printed.stderr}`);
  const keyring = /^Signed-By: *(\/\S+)/m.exec(printed.stdout)?.[1];
  return { uri, keyring };
}

export interface RootRecipe {
  suite: string;
  /** Installed with `apt-get install --no-install-recommends` inside the fresh root. */
  packages: readonly string[];
  /** Default: os.tmpdir()/cronpack-e2e-cache. */
  cacheDir?: string;
}

export interface RootTarball {
  path: string;
  /** What the cache key was made of, as hashed. */
  keyText: string;
  /** Whether this call made it (false: it was in the cache). */
  created: boolean;
  ms: number;
  /** debootstrap's and apt-get's output, when it was made. */
  log: string;
}

/**
 * The tarball of a root made by the recipe (test/support/debian-root.sh), from the cache, or
 * made now (about a minute).
 * The key hashes the maker script itself, the debootstrap arguments (suite, mirror, keyring),
 * the architecture and the package list: change any and a new root is made. Two runs asking
 * at once: one makes it, the other waits on the lock.
 */
export async function rootTarball(recipe: RootRecipe): Promise<RootTarball> {
  const started = Date.now();
  const cacheDir = recipe.cacheDir ?? join(tmpdir(), 'cronpack-e2e-cache');
  mkdirSync(cacheDir, { recursive: true });
  const mirror = await machineMirror(recipe.suite);
  const arch = (await runAsync('dpkg', ['--print-architecture'])).stdout.trim();
  const packages = [...recipe.packages].sort();
  const maker = join(repoRoot, 'test', 'support', 'debian-root.sh');
  const keyText = JSON.stringify({
    maker: createHash('sha256').update(readFileSync(maker)).digest('hex').slice(0, 16),
    debootstrap: ['--variant=minbase', ...(mirror.keyring === undefined ? [] : [`--keyring=${mirror.keyring}`]), recipe.suite, mirror.uri],
    arch,
    packages,
  });
  const key = createHash('sha256').update(keyText).digest('hex').slice(0, 16);
  const path = join(cacheDir, `${recipe.suite}-minbase-${key}.tar`);
  const made = await runAsync('flock', [join(cacheDir, '.lock'), 'bash', maker, path, recipe.suite, mirror.uri, mirror.keyring ?? '', packages.join(' ')]);
  if (made.status !== 0) throw new Error(`making the Debian root failed (exit ${made.status}):\n${(made.stdout + made.stderr).slice(-6000)}`);
  const log = made.stdout + made.stderr;
  return { path, keyText, created: log.includes(`debian-root.sh: made ${path}`), ms: Date.now() - started, log };
}

export interface Daemon {
  /** What it printed (stdout and stderr). */
  output(): string;
  readonly running: boolean;
  /** Kills it (SIGKILL to unshare, which kills the pid namespace) and waits for the end. */
  stop(): Promise<void>;
}

// "$@" is the unshare command line. unshare ignores SIGTERM and SIGINT while it waits, so it is
// killed; --kill-child passes that on to its child, pid 1 of the namespace, and the kernel then
// kills every process left in the namespace.
const DAEMON_WRAPPER = `
"$@" </dev/null &
daemon=$!
while read -r _line; do :; done
kill -9 "$daemon" 2>/dev/null
wait "$daemon" 2>/dev/null
exit 0
`;

/** Paths a listing of the root skips: the kernel's and the device nodes debootstrap made. */
const UNLISTED = new Set(['/proc', '/sys', '/dev']);

export class DebianRoot {
  private constructor(readonly dir: string) {}

  /** Unpacks a root tarball into `dir` (made if missing), as root, owners and modes kept. */
  static async unpack(tarball: string, dir: string): Promise<DebianRoot> {
    mkdirSync(dir, { recursive: true });
    const r = await runAsync('tar', ['--numeric-owner', '-xpf', tarball, '-C', dir]);
    if (r.status !== 0) throw new Error(`unpacking ${tarball} failed: ${r.stderr}`);
    return new DebianRoot(dir);
  }

  /** This machine's path of a path inside the root. */
  path(inside: string): string {
    return join(this.dir, inside);
  }

  /**
   * The command line that runs `command` chrooted in the root, in new mount and pid
   * namespaces with their own /proc. Killing the unshare process (SIGKILL: it ignores TERM
   * and INT) kills the command, pid 1 of its namespace, and with it everything it started.
   */
  argv(command: readonly string[]): string[] {
    return ['unshare', '--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child', `--mount-proc=${this.path('proc')}`, 'chroot', this.dir, ...command];
  }

  run(command: readonly string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
    const [bin, ...args] = this.argv(command);
    return runAsync(bin!, args, { env: { ...ROOT_ENV, ...options.env }, input: options.input, timeoutMs: options.timeoutMs ?? 5 * 60_000 });
  }

  /**
   * A long-running command (a daemon). A small shell wrapper holds it and kills it (and so its
   * whole pid namespace) when our end of the wrapper's stdin closes: on stop(), and when this
   * process dies, however it dies, so the daemon never outlives the test.
   */
  spawnDaemon(command: readonly string[], options: { env?: Record<string, string> } = {}): Daemon {
    const wrapper = spawn('/bin/sh', ['-c', DAEMON_WRAPPER, 'daemon', ...this.argv(command)], { env: { ...ROOT_ENV, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    wrapper.stdin!.on('error', () => undefined); // stop() after the wrapper is gone
    let output = '';
    wrapper.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    wrapper.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const exited = new Promise<void>((resolve) => wrapper.once('close', () => resolve()));
    let running = true;
    void exited.then(() => (running = false));
    return {
      output: () => output,
      get running() {
        return running;
      },
      stop: async () => {
        wrapper.stdin!.end();
        await exited;
      },
    };
  }

  /** Every path in the root, as "<type> <path>" (d, f, l, s, p, c, b), without /proc, /sys and /dev. */
  listing(): Set<string> {
    const out = new Set<string>();
    const walk = (inside: string): void => {
      for (const entry of readdirSync(this.path(inside), { withFileTypes: true })) {
        const path = inside === '/' ? `/${entry.name}` : `${inside}/${entry.name}`;
        if (UNLISTED.has(path)) continue;
        const type = entry.isDirectory() ? 'd' : entry.isSymbolicLink() ? 'l' : entry.isFile() ? 'f' : entry.isSocket() ? 's' : entry.isFIFO() ? 'p' : entry.isCharacterDevice() ? 'c' : 'b';
        out.add(`${type} ${path}`);
        if (type === 'd') walk(path);
      }
    };
    walk('/');
    return out;
  }

  /** The size of a file in the root, 0 when missing (for reading what was appended since). */
  sizeOf(inside: string): number {
    try {
      return lstatSync(this.path(inside)).size;
    } catch {
      return 0;
    }
  }
}
