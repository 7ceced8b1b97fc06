// A real, throw-away ZooKeeper server for tests and the bench, from Debian's `zookeeper`
// package: standalone, on 127.0.0.1 and a free port, with its data in a temp dir.
// It can be stopped and started again on the same port and data (the "ZooKeeper stopped
// mid-job" test). A small shell wrapper kills the JVM when our end of its stdin closes, so the
// server never outlives the test process, even if that one is killed.
//
// Outside CI, tests that need it skip with a visible reason when it is not installed; under
// CI (CI=true) they run and fail. ZOOKEEPER_SERVER_SH may point to another zkServer.sh.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_ZK_SERVER_SH = '/usr/share/zookeeper/bin/zkServer.sh';

export function zkServerSh(): string {
  return process.env['ZOOKEEPER_SERVER_SH'] ?? DEFAULT_ZK_SERVER_SH;
}

/** Why ZooKeeper tests cannot run here, or undefined when they can. */
export function zookeeperMissingReason(): string | undefined {
  const script = zkServerSh();
  if (!existsSync(script)) return `ZooKeeper is not installed (${script} missing; apt-get install zookeeper)`;
  const java = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (java.error !== undefined || java.status !== 0) return 'java is not installed (needed by ZooKeeper)';
  return undefined;
}

/**
 * Options for node:test's test(): skip with the reason when ZooKeeper is missing, except under
 * CI, where the test runs (and fails when it starts the server).
 */
export function zkTestOptions(): { skip?: string } {
  const reason = zookeeperMissingReason();
  if (reason === undefined || process.env['CI'] === 'true') return {};
  return { skip: reason };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Sends a four-letter word; resolves to the answer, or undefined when nobody answers. */
export function fourLetterWord(port: number, word: string, timeoutMs = 1000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (value: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('connect', () => socket.write(word));
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => done(answer));
    socket.on('error', () => done(undefined));
  });
}

export interface ZkServerOptions {
  tickTimeMs?: number;
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
  startTimeoutMs?: number;
  /** Connections one address may hold; 0 (the tests' default) is no limit, ZooKeeper's own default is 60. */
  maxClientCnxns?: number;
}

const WRAPPER = `
"$0" start-foreground "$1" </dev/null &
zk=$!
while read -r _line; do :; done
kill -9 "$zk" 2>/dev/null
wait "$zk" 2>/dev/null
exit 0
`;

export class ZkServer {
  readonly port: number;
  readonly dir: string;
  private readonly configFile: string;
  private readonly startTimeoutMs: number;
  private wrapper: ChildProcess | undefined;
  private output = '';

  private constructor(port: number, dir: string, configFile: string, startTimeoutMs: number) {
    this.port = port;
    this.dir = dir;
    this.configFile = configFile;
    this.startTimeoutMs = startTimeoutMs;
  }

  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(options: ZkServerOptions = {}): Promise<ZkServer> {
    const missing = zookeeperMissingReason();
    if (missing !== undefined) throw new Error(missing);
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'switchman-zk-'));
    const configFile = join(dir, 'zoo.cfg');
    writeFileSync(
      configFile,
      [
        `tickTime=${options.tickTimeMs ?? 200}`,
        `dataDir=${join(dir, 'data')}`,
        `clientPort=${port}`,
        'clientPortAddress=127.0.0.1',
        `minSessionTimeout=${options.minSessionTimeoutMs ?? 1000}`,
        `maxSessionTimeout=${options.maxSessionTimeoutMs ?? 60000}`,
        `maxClientCnxns=${options.maxClientCnxns ?? 0}`,
        '4lw.commands.whitelist=ruok,srvr,stat,cons',
        'admin.enableServer=false',
        'forceSync=no',
        'electionPortBindRetry=0',
        '',
      ].join('\n'),
    );
    const server = new ZkServer(port, dir, configFile, options.startTimeoutMs ?? 60_000);
    await server.restart();
    return server;
  }

  get isRunning(): boolean {
    return this.wrapper !== undefined;
  }

  /** Starts the server (again, same port and data) and waits until it serves. */
  async restart(): Promise<void> {
    if (this.wrapper !== undefined) return;
    this.output = '';
    const wrapper = spawn('/bin/sh', ['-c', WRAPPER, zkServerSh(), this.configFile], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        JMXDISABLE: 'true',
        SERVER_JVMFLAGS: '-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k',
        ZOO_LOG_DIR: join(this.dir, 'log'),
      },
    });
    wrapper.stdout?.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    wrapper.stderr?.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    this.wrapper = wrapper;
    let exited = false;
    wrapper.once('exit', () => (exited = true));
    const deadline = Date.now() + this.startTimeoutMs;
    for (;;) {
      const answer = await fourLetterWord(this.port, 'srvr', 500);
      if (answer !== undefined && /Mode: standalone/.test(answer)) return;
      if (exited || Date.now() > deadline) {
        await this.stop();
        throw new Error(`ZooKeeper did not start on port ${this.port}:\n${this.output.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Kills the server (like a crash: kill -9) and waits until it is gone. */
  async stop(): Promise<void> {
    const wrapper = this.wrapper;
    if (wrapper === undefined) return;
    this.wrapper = undefined;
    if (wrapper.exitCode !== null || wrapper.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      wrapper.once('exit', () => resolve());
      wrapper.stdin?.end();
    });
  }

  /** Stops the server and removes its files. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
