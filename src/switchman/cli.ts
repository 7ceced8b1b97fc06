// Command line of switchman, compatible with App::Switchman:
//   switchman [-c FILE] [-g GROUP] [--lockname NAME] [--no-lock] -- CMD [ARGS...]
// plus `switchman status` and two options giving the quiet outcomes their own exit codes.
import { basename } from 'node:path';
import { DEFAULT_CONFIG_PATH } from './config.js';
import { EXIT_STATUS } from './exit-codes.js';
import { checkLockName } from './lock.js';
import { describeRefusal, leaseSyntaxError } from '../contract/lease-option.js';
import { isFleetCommand, parseFleetArgs, FLEET_USAGE } from './fleet/fleet-args.js';
import type { FleetOptions } from './fleet/fleet-args.js';

export interface RunOptions {
  kind: 'run';
  configPath: string;
  group: string | undefined;
  lockname: string;
  noLock: boolean;
  /** Exit code when the lock is held by another runner (default 0, quiet). */
  busyExitCode: number;
  /** Exit code when this host is not in the group (default 0, quiet). */
  notAllowedExitCode: number;
  /** --lease values as given (RESOURCE=COUNT:TOTAL); their macros are replaced once this box's FQDN is known. */
  leases: string[];
  command: string;
  args: string[];
}

export interface StatusOptions {
  kind: 'status';
  configPath: string;
  json: boolean;
}

export type ParsedArgs =
  | RunOptions
  | StatusOptions
  | FleetOptions
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

/** What switchman does, in one paragraph: the --help text and the man page's DESCRIPTION start with it. */
export const SUMMARY = `Runs CMD (directly, without a shell) if this host belongs to GROUP in the ZooKeeper config
and the lock is free; stops CMD's whole process tree as soon as that is no longer true.`;

export type LongOption = '--config' | '--group' | '--lockname' | '--no-lock' | '--lease' | '--lock-busy-exit-code' | '--not-allowed-exit-code' | '--json' | '--help' | '--version';

/** One option of switchman's command line. */
export interface OptionSpec {
  short?: string;
  long: LongOption;
  /** The value's name, when the option takes one. */
  arg?: string;
  /** Where it applies: a run, "switchman status", both, or alone (help, version). */
  scope: 'run' | 'status' | 'both' | 'alone';
  description: string;
}

/**
 * Every option parseArgs accepts, in --help order: parseArgs looks options up here, and
 * USAGE and the man page (scripts/man-pages.mjs) are generated from it.
 */
export const OPTIONS: readonly OptionSpec[] = [
  { short: '-c', long: '--config', arg: 'FILE', scope: 'both', description: `config file (default ${DEFAULT_CONFIG_PATH})` },
  { short: '-g', long: '--group', arg: 'GROUP', scope: 'run', description: 'run only on the hosts of GROUP' },
  { long: '--lockname', arg: 'NAME', scope: 'run', description: 'lock name (default: basename of CMD)' },
  { long: '--no-lock', scope: 'run', description: 'do not take a lock (the group check still applies)' },
  {
    long: '--lease',
    arg: 'RESOURCE=COUNT:TOTAL',
    scope: 'run',
    description: 'wait in RESOURCE\'s queue until COUNT of its TOTAL are free, and hold them while CMD runs (repeatable; macros CPU, FQDN, MEMMB)',
  },
  { long: '--lock-busy-exit-code', arg: 'N', scope: 'run', description: 'exit with N instead of 0 when the lock is busy' },
  { long: '--not-allowed-exit-code', arg: 'N', scope: 'run', description: 'exit with N instead of 0 when this host is not in GROUP' },
  { long: '--json', scope: 'status', description: 'print the locks as JSON ("switchman status" only)' },
  { short: '-h', long: '--help', scope: 'alone', description: 'print this help' },
  { short: '-v', long: '--version', scope: 'alone', description: 'print the version' },
];

/** An option as --help shows it: "-c, --config FILE", "    --no-lock". */
export function optionTerm(option: OptionSpec): string {
  return `${option.short === undefined ? '    ' : `${option.short}, `}${option.long}${option.arg === undefined ? '' : ` ${option.arg}`}`;
}

/** The options of a scope as a synopsis: "[-c FILE] [--json]". */
export function synopsisOptions(scopes: readonly OptionSpec['scope'][]): string {
  return OPTIONS.filter((o) => scopes.includes(o.scope))
    .map((o) => `[${o.short ?? o.long}${o.arg === undefined ? '' : ` ${o.arg}`}]`)
    .join(' ');
}

/** The options' column: the longest term and two spaces. */
const TERM_WIDTH = Math.max(...OPTIONS.map((o) => optionTerm(o).length)) + 2;

export const USAGE = `Usage:
  switchman [options] -- CMD [ARGS...]
  switchman status ${synopsisOptions(['status', 'both'])}
${Object.values(FLEET_USAGE).map((line) => `  ${line}\n`).join('')}
${SUMMARY}

Options:
${OPTIONS.map((o) => `  ${optionTerm(o).padEnd(TERM_WIDTH)}${o.description}\n`).join('')}
Exit codes:
${EXIT_STATUS.map((e) => `  ${e.code.padEnd(8)}${e.brief}\n`).join('')}`;

function parseExitCode(value: string, option: string): number | string {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 255 && value.trim() !== '' ? n : `${option} needs a number from 0 to 255, got ${JSON.stringify(value)}`;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const first = argv[0];
  if (isFleetCommand(first)) {
    if (argv.slice(1).some((a) => a === '-h' || a === '--help')) return { kind: 'help' };
    return parseFleetArgs(first, argv.slice(1));
  }
  let index = 0;
  const isStatus = argv[0] === 'status';
  if (isStatus) index = 1;

  let configPath = DEFAULT_CONFIG_PATH;
  let group: string | undefined;
  let lockname: string | undefined;
  let noLock = false;
  let json = false;
  let busyExitCode = 0;
  let notAllowedExitCode = 0;
  const leases: string[] = [];
  let command: string[] | undefined;

  while (index < argv.length) {
    const arg = argv[index] as string;
    index += 1;
    if (arg === '--') {
      command = argv.slice(index);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      // First non-option: the command starts here (as with Getopt's require_order).
      command = argv.slice(index - 1);
      break;
    }
    let name = arg;
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      name = arg.slice(0, eq);
      inline = arg.slice(eq + 1);
    }
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[index];
      if (next === undefined) return undefined;
      index += 1;
      return next;
    };
    const option = OPTIONS.find((o) => o.long === name || o.short === name);
    if (option === undefined) return { kind: 'error', message: `unknown option ${arg}` };
    switch (option.long) {
      case '--help':
        return { kind: 'help' };
      case '--version':
        return { kind: 'version' };
      case '--config': {
        const v = value();
        if (v === undefined || v === '') return { kind: 'error', message: `${name} needs a file name` };
        configPath = v;
        break;
      }
      case '--group': {
        const v = value();
        if (v === undefined || v === '') return { kind: 'error', message: `${name} needs a group name` };
        group = v;
        break;
      }
      case '--lockname': {
        const v = value();
        if (v === undefined || v === '') return { kind: 'error', message: '--lockname needs a name' };
        lockname = v;
        break;
      }
      case '--no-lock':
        noLock = true;
        break;
      case '--lease': {
        const v = value();
        if (v === undefined) return { kind: 'error', message: '--lease needs RESOURCE=COUNT:TOTAL' };
        // The syntax is checked now, as a usage error; the values once the box's macros are known.
        const refusal = leaseSyntaxError(v);
        if (refusal !== undefined) return { kind: 'error', message: describeRefusal(refusal) };
        leases.push(v);
        break;
      }
      case '--json':
        if (!isStatus) return { kind: 'error', message: '--json applies to "switchman status" only' };
        json = true;
        break;
      case '--lock-busy-exit-code':
      case '--not-allowed-exit-code': {
        const v = value();
        if (v === undefined) return { kind: 'error', message: `${name} needs a number` };
        const code = parseExitCode(v, name);
        if (typeof code === 'string') return { kind: 'error', message: code };
        if (name === '--lock-busy-exit-code') busyExitCode = code;
        else notAllowedExitCode = code;
        break;
      }
      default: {
        const unhandled: never = option.long;
        return { kind: 'error', message: `unknown option ${String(unhandled)}` };
      }
    }
  }

  if (isStatus) {
    if (command !== undefined && command.length > 0) return { kind: 'error', message: `"switchman status" takes no command, got ${JSON.stringify(command[0])}` };
    return { kind: 'status', configPath, json };
  }
  if (command === undefined || command.length === 0 || command[0] === '') {
    return { kind: 'error', message: 'no command given: switchman [options] -- CMD [ARGS...]' };
  }
  const [cmd, ...args] = command as [string, ...string[]];
  const name = lockname ?? basename(cmd);
  // Refused here, as a usage error, before any config or ZooKeeper is read. Leases name their
  // queue places after the lock name, so it must be valid with --no-lock too.
  const problem = noLock && leases.length === 0 ? undefined : checkLockName(name);
  if (problem !== undefined) return { kind: 'error', message: problem };
  return {
    kind: 'run',
    configPath,
    group,
    lockname: name,
    noLock,
    busyExitCode,
    notAllowedExitCode,
    leases,
    command: cmd,
    args,
  };
}
