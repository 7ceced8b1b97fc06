// switchman's handle on its fence process (see fence.ts): spawn it, tell it about the job, renew
// its lease, release it, and hear when it stops the job on its own (onStopping).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { FENCE_FLAG, FENCE_PROTOCOL, isFromFence } from './fence-protocol.js';
import type { FenceStopCause, ToFence } from './fence-protocol.js';

export interface FenceCommand {
  file: string;
  args: string[];
}

/** How to start a fence: this same program (bundle or source) with FENCE_FLAG. */
export function defaultFenceCommand(): FenceCommand {
  const script = process.argv[1];
  if (script === undefined) throw new Error('cannot tell which script is running');
  return { file: process.execPath, args: [...process.execArgv, script, FENCE_FLAG, String(FENCE_PROTOCOL)] };
}

/**
 * The fence's own environment: minimal, so that neither NODE_OPTIONS nor slow start-up settings
 * (NODE_EXTRA_CA_CERTS) meant for jobs reach it.
 */
export function fenceEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const keep: Record<string, string> = {};
  // LD_LIBRARY_PATH: node itself may need it to start.
  for (const key of ['PATH', 'LANG', 'LC_ALL', 'TZ', 'LD_LIBRARY_PATH']) {
    const value = env[key];
    if (value !== undefined) keep[key] = value;
  }
  return keep;
}

/** Longest line accepted from the fence: its messages are tiny; anything else is noise. */
const MAX_LINE = 4096;

export class FenceClient {
  private open = true;
  private pending = '';
  private readonly causes: FenceStopCause[] = [];
  private readonly listeners: ((cause: FenceStopCause) => void)[] = [];
  private readonly readyOrGone: Promise<boolean>;
  private markReady: (ready: boolean) => void = () => undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly channel: Duplex,
  ) {
    this.readyOrGone = new Promise((resolve) => (this.markReady = resolve));
    // Gone before "ready" (it could not start, or refused our protocol): it guards nothing.
    child.once('exit', () => this.markReady(false));
    channel.on('error', () => (this.open = false));
    // fd 3 is a socketpair: the fence writes its FromFence lines back on it.
    channel.setEncoding('utf8');
    channel.on('data', (chunk: string) => this.onData(chunk));
  }

  private onData(chunk: string): void {
    this.pending += chunk;
    let newline = this.pending.indexOf('\n');
    while (newline >= 0) {
      this.onLine(this.pending.slice(0, newline));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
    if (this.pending.length > MAX_LINE) this.pending = '';
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (!isFromFence(message)) return;
    if (message.t === 'ready') {
      this.markReady(true);
      return;
    }
    if (this.causes.includes(message.cause)) return;
    this.causes.push(message.cause);
    for (const listener of this.listeners) listener(message.cause);
  }

  /**
   * Calls cb once for each cause for which the fence stops the job on its own: 'lease' (the
   * lease was not renewed in time), 'orphan' (it believes switchman is gone). Causes heard
   * before cb was registered are replayed to it at once.
   */
  onStopping(cb: (cause: FenceStopCause) => void): void {
    this.listeners.push(cb);
    for (const cause of this.causes) cb(cause);
  }

  /** The causes for which the fence has said it stops the job, in order. */
  get stoppingCauses(): readonly FenceStopCause[] {
    return this.causes;
  }

  /**
   * Spawns the fence detached (its own process group), with stderr shared for its rare messages
   * and fd 3 as the channel: newline-delimited JSON to the fence, whose EOF tells it we are gone,
   * and from it (a socketpair is both ways).
   */
  static spawn(command: FenceCommand, env: NodeJS.ProcessEnv): Promise<FenceClient> {
    return new Promise((resolve, reject) => {
      const child = spawn(command.file, command.args, {
        detached: true,
        stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
        env: fenceEnv(env),
      });
      child.once('error', reject);
      child.once('spawn', () => {
        child.removeListener('error', reject);
        child.on('error', () => undefined);
        resolve(new FenceClient(child, child.stdio[3] as Duplex));
      });
    });
  }

  /**
   * True once the fence says it is up; false if it exits first. A job must not start before
   * this is true: a fence that never came up would leave it unguarded should switchman die.
   */
  ready(): Promise<boolean> {
    return this.readyOrGone;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves when the fence process has exited. */
  exited(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  send(message: ToFence): void {
    if (this.open) this.channel.write(`${JSON.stringify(message)}\n`);
  }

  /** Lets the fence go: the job's tree is gone. */
  release(): void {
    this.send({ t: 'release' });
    if (this.open) this.channel.end();
    this.open = false;
  }
}
