// A stand-in for /dev/log in tests: a tiny python3 program bound to a Unix datagram socket in a
// temp dir (node cannot open one), printing each datagram as a JSON string on its own line.
// It exits when its stdin closes, so it never outlives the test process.
//
// Outside CI, tests that need it skip with a visible reason when python3 (or logger) is
// missing; under CI (CI=true) they run and fail.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLoggerCommand } from '../../src/switchman/syslog.js';

// "sync" on stdin: print every datagram already queued, then "synced". Once a sender has
// finished (logger exited), a sync shows all it sent: no sleeping in tests.
const RECEIVER = `
import json, os, select, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.setblocking(False)
def drain():
    while True:
        try:
            data = s.recv(65536)
        except BlockingIOError:
            return
        sys.stdout.write(json.dumps(data.decode("utf-8", "replace")) + "\\n")
print("ready", flush=True)
stdin = sys.stdin.fileno()
pending = b""
while True:
    ready, _, _ = select.select([s, stdin], [], [])
    if s in ready:
        drain()
    if stdin in ready:
        chunk = os.read(stdin, 4096)
        if not chunk:
            sys.exit(0)
        pending += chunk
        while b"\\n" in pending:
            _, pending = pending.split(b"\\n", 1)
            drain()
            sys.stdout.write("synced\\n")
    sys.stdout.flush()
`;

/** Why the syslog tests cannot run here, or undefined when they can. */
export function syslogMissingReason(): string | undefined {
  const python = spawnSync('python3', ['-c', 'import socket; socket.AF_UNIX'], { stdio: 'ignore' });
  if (python.error !== undefined || python.status !== 0) return 'python3 is not installed (the tests receive syslog datagrams with it)';
  const logger = defaultLoggerCommand();
  const version = spawnSync(logger, ['--version'], { encoding: 'utf8' });
  if (version.error !== undefined || !/util-linux/.test(version.stdout)) return `util-linux logger is not installed (${logger}; apt-get install bsdutils)`;
  return undefined;
}

/** node:test options: skip with the reason when something is missing, except under CI. */
export function syslogTestOptions(): { skip?: string } {
  const reason = syslogMissingReason();
  if (reason === undefined || process.env['CI'] === 'true') return {};
  return { skip: reason };
}

export interface SyslogMessage {
  priority: number;
  tag: string;
  pid: number;
  message: string;
}

/** `<PRI>Mmm dd hh:mm:ss TAG[PID]: MESSAGE`, what logger sends to a local socket. */
export function parseDatagram(datagram: string): SyslogMessage {
  const match = /^<(\d+)>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d ([^[\s]+)\[(\d+)\]: (.*)$/s.exec(datagram);
  if (match === null) throw new Error(`not a local syslog datagram: ${JSON.stringify(datagram)}`);
  return { priority: Number(match[1]), tag: match[2] ?? '', pid: Number(match[3]), message: match[4] ?? '' };
}

export class SyslogReceiver {
  readonly datagrams: string[] = [];
  private output = '';
  private waiters: Array<() => void> = [];
  private syncs = 0;

  private constructor(
    readonly dir: string,
    readonly socketPath: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<SyslogReceiver> {
    const dir = mkdtempSync(join(tmpdir(), 'switchman-syslog-'));
    const socketPath = join(dir, 'log');
    const child = spawn('python3', ['-c', RECEIVER, socketPath], { stdio: ['pipe', 'pipe', 'inherit'] });
    const receiver = new SyslogReceiver(dir, socketPath, child);
    child.stdout?.on('data', (chunk: Buffer) => receiver.onOutput(chunk.toString('utf8')));
    const ready = new Promise<void>((resolve, reject) => {
      receiver.waiters.push(resolve);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the syslog receiver exited with code ${String(code)}`)));
    });
    await ready;
    return receiver;
  }

  /** Everything received so far, parsed. */
  get messages(): SyslogMessage[] {
    return this.datagrams.map(parseDatagram);
  }

  /** Waits until the receiver has read every datagram already sent to it. */
  async sync(timeoutMs = 5000): Promise<SyslogMessage[]> {
    const target = this.syncs + 1;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the syslog receiver did not answer')), timeoutMs);
      const check = (): void => {
        if (this.syncs >= target) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
    this.child.stdin?.write('sync\n');
    await done;
    return this.messages;
  }

  dispose(): void {
    this.child.stdin?.end();
    this.child.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private onOutput(text: string): void {
    this.output += text;
    let newline = this.output.indexOf('\n');
    while (newline >= 0) {
      const line = this.output.slice(0, newline);
      this.output = this.output.slice(newline + 1);
      if (line === 'synced') this.syncs += 1;
      else if (line !== 'ready') this.datagrams.push(JSON.parse(line) as string);
      newline = this.output.indexOf('\n');
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
