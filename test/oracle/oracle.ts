/**
 * Node front end for the Debian cron oracle (test/oracle/.build/cron-oracle,
 * built by test/oracle/build.sh from Debian's own cron 3.0pl1-162 source).
 * See test/oracle/README.md for what the fields mean. No dependencies but the model type it compares with.
 */
import type { ScheduleModel } from '../../src/schedule/model.js';
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type OracleMode = 'schedule' | 'line';

/** Debian's entry flags (cron.h), by their Debian names; raw = e->flags. */
export interface OracleFlags {
  DOM_STAR: boolean;
  DOW_STAR: boolean;
  WHEN_REBOOT: boolean;
  MIN_STAR: boolean;
  HR_STAR: boolean;
  raw: number;
}

/**
 * A parsed schedule: the values whose bits Debian set (minute 0-59, hour
 * 0-23, dom 1-31, month 1-12, dow 0-7; Debian sets both 0 and 7 whenever
 * either is set) and its flags.
 */
export interface OracleSchedule {
  input: string;
  ok: true;
  kind: 'entry';
  minute: number[];
  hour: number[];
  dom: number[];
  month: number[];
  dow: number[];
  domStar: boolean;
  dowStar: boolean;
  reboot: boolean;
  minStar: boolean;
  hrStar: boolean;
  flags: OracleFlags;
}

/** Where cronpack's model of a schedule and Debian's reading of it differ, one line per field; [] when they agree. */
export function modelDifferences(m: ScheduleModel, debian: OracleSchedule): string[] {
  const pairs: Array<[string, unknown, unknown]> = [
    ['minute', m.minute, debian.minute],
    ['hour', m.hour, debian.hour],
    ['dayOfMonth', m.dayOfMonth, debian.dom],
    ['month', m.month, debian.month],
    ['dayOfWeek', m.dayOfWeek, debian.dow],
    ['domStar', m.domStar, debian.domStar],
    ['dowStar', m.dowStar, debian.dowStar],
    ['minuteStar', m.minuteStar, debian.minStar],
    ['hourStar', m.hourStar, debian.hrStar],
    ['reboot', m.reboot, debian.reboot],
  ];
  return pairs.filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b)).map(([name, a, b]) => `${name}: ours ${JSON.stringify(a)}, Debian ${JSON.stringify(b)}`);
}

/** A parsed /etc/cron.d entry line (`line` mode). */
export interface OracleEntry extends OracleSchedule {
  /** LOGNAME Debian stored (pw_name of the user field's passwd entry). */
  user: string;
  /** false only with anyUser: the name is unknown on this machine. */
  userKnown: boolean;
  uid: number;
  gid: number;
  /** the command exactly as load_entry() stored it (e->cmd). */
  cmd: string;
  /** what do_command.c hands to `$SHELL -c` after its '%' handling. */
  cmdRun: string;
  /** bytes do_command.c writes to the job's stdin ('' = nothing). */
  stdin: string;
}

/** An environment assignment, as load_env() parsed it (`line` mode). */
export interface OracleEnv {
  input: string;
  ok: true;
  kind: 'env';
  env: true;
  name: string;
  value: string;
}

/** A blank or comment line, which Debian skips (`line` mode). */
export interface OracleBlank {
  input: string;
  ok: true;
  kind: 'blank';
}

/** A rejected line. */
export interface OracleError {
  input: string;
  ok: false;
  kind: 'error';
  /** Debian's error text (errorSource 'debian'), e.g. "bad minute". */
  error: string;
  /**
   * 'debian': load_entry() rejected the line with this message.
   * 'harness': Debian parsed the text but it is not what the mode expects
   * (schedule mode: a comment, an env assignment, or more than 5 fields),
   * or load_entry() returned NULL without a message.
   */
  errorSource: 'debian' | 'harness';
  /** the last name handed to getpwnam(), when there was one. */
  user?: string;
}

export type OracleScheduleResult = OracleSchedule | OracleError;
export type OracleLineResult = OracleEntry | OracleEnv | OracleBlank | OracleError;
export type OracleResult = OracleScheduleResult | OracleLineResult;

export interface OracleOptions {
  /** accept unknown user names with a synthetic passwd entry (--any-user). */
  anyUser?: boolean;
  /** binary to run instead of oraclePath(). */
  binary?: string;
}

/** The built oracle binary ($CRON_ORACLE overrides), or undefined if absent. */
export function oraclePath(): string | undefined {
  const candidate =
    process.env['CRON_ORACLE'] ?? fileURLToPath(new URL('./.build/cron-oracle', import.meta.url));
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

/**
 * Runs every input through the oracle in one process and returns one result
 * per input, in order.  Inputs must not contain '\n' (one line each).
 */
export function runOracle(mode: 'schedule', inputs: readonly string[], options?: OracleOptions): Promise<OracleScheduleResult[]>;
export function runOracle(mode: 'line', inputs: readonly string[], options?: OracleOptions): Promise<OracleLineResult[]>;
export function runOracle(mode: OracleMode, inputs: readonly string[], options?: OracleOptions): Promise<OracleResult[]>;
export async function runOracle(
  mode: OracleMode,
  inputs: readonly string[],
  options: OracleOptions = {},
): Promise<OracleResult[]> {
  if (mode !== 'schedule' && mode !== 'line') throw new Error(`runOracle: unknown mode ${String(mode)}`);
  const bad = inputs.findIndex((s) => s.includes('\n'));
  if (bad >= 0) throw new Error(`runOracle: input #${bad} contains a newline: ${JSON.stringify(inputs[bad])}`);
  const bin = options.binary ?? oraclePath();
  if (bin === undefined) throw new Error('cron oracle not built: run test/oracle/build.sh');
  if (inputs.length === 0) return [];

  const args: string[] = [mode];
  if (options.anyUser) args.push('--any-user');

  const { code, signal, stdout, stderr } = await new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: Buffer;
    stderr: Buffer;
  }>((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    // An early exit shows up as a bad exit code below; ignore EPIPE here.
    child.stdin.on('error', () => {});
    child.on('close', (c, s) =>
      resolve({ code: c, signal: s, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }),
    );
    child.stdin.end(inputs.join('\n') + '\n');
  });

  if (code !== 0) {
    throw new Error(
      `cron oracle exited with ${signal ?? code}: ${stderr.toString('utf8').trim() || '(no stderr)'}`,
    );
  }
  const lines = stdout.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== inputs.length) {
    throw new Error(`cron oracle returned ${lines.length} results for ${inputs.length} inputs`);
  }
  return lines.map((line, i) => {
    const result = JSON.parse(line) as OracleResult;
    if (result.input !== inputs[i]) {
      throw new Error(
        `cron oracle result #${i} is for ${JSON.stringify(result.input)}, expected ${JSON.stringify(inputs[i])}`,
      );
    }
    return result;
  });
}
