import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { opendirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { errorReason, shortPath } from '../discover/path-text.js';
import { CronpackError } from '../core/errors.js';
import { defaultFormat, formatNames, isFormatName, type FormatName } from '../report/index.js';
import type { BuildCommandOptions } from './commands/build.js';
import type { DiagnosticsOutput } from './print-diagnostics.js';
import type { ListCommandOptions } from './commands/list.js';
import type { PackageCommandOptions } from './commands/package.js';
import type { ExplainCommandOptions } from './commands/explain.js';
import type { LoadCommandOptions } from './commands/load.js';
import { localTimeZone, parseInstant, parseTimeZone } from './time-options.js';
import { exitCodes } from './exit-codes.js';
import type { CliIo } from './io.js';
import { cronpackVersion } from './version.js';

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer.');
  return Number(value);
}

function parseFormat(value: string): FormatName {
  if (!isFormatName(value)) throw new InvalidArgumentError(`expected one of ${formatNames.join(', ')}.`);
  return value;
}

/** explain's next runs: a million would take minutes and gigabytes; a thousand is years of any schedule. */
const maxNextRuns = 1000;

function parseNextRunCount(value: string): number {
  const count = parseCount(value);
  if (count > maxNextRuns) throw new InvalidArgumentError(`expected at most ${maxNextRuns} next runs.`);
  return count;
}

/** load's busiest minutes: a page of them is plenty. */
function parseTop(value: string): number {
  const count = parseCount(value);
  if (count > 1000) throw new InvalidArgumentError('expected at most 1000.');
  return count;
}

/** -C must name a folder: anything else is one line naming it, not a crash further on. */
function checkRootFolder(given: string, folder: string): void {
  const shown = `-C ${shortPath(given)}`;
  const fix = '-C takes the folder of the scripts repository';
  let info;
  try {
    info = statSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CronpackError(`${shown}: no such folder; ${fix}`, { cause: error });
    if (code === 'ENAMETOOLONG') throw new CronpackError(`${shown}: the path is too long for the system to open; cd part of the way first`, { cause: error });
    throw new CronpackError(`${shown}: cannot read it (${errorReason(error)})`, { cause: error });
  }
  if (!info.isDirectory()) throw new CronpackError(`${shown} is a file, not a folder; ${fix}`);
  try {
    // Listing it and looking inside it, as the effective user (access(2) would ask for the real one).
    opendirSync(folder).closeSync();
    statSync(`${folder}/.`); // not join(), which drops the "."
  } catch (error) {
    throw new CronpackError(`${shown}: cannot read the folder (${errorReason(error)}); make it readable ("chmod a+rx")`, { cause: error });
  }
}

/** Applies -C: the repository root is the working directory, as with git -C. */
function withCwd(io: CliIo, program: Command): CliIo {
  const given = program.opts<{ cwd: string }>().cwd;
  const cwd = resolve(io.cwd, given);
  checkRootFolder(given, cwd);
  return { ...io, cwd };
}

/** The options of every command that reports diagnostics: --format, --max-warnings, --quiet. */
function withDiagnosticsOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <name>', `diagnostics format: ${formatNames.join(', ')}`).default(defaultFormat).argParser(parseFormat))
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
    .option('-q, --quiet', 'report errors only', false);
}

// No default here: reading the local zone loads ICU (~40 ms), which check and build must not pay.
function timeZoneOption(): Option {
  return new Option('--tz <zone>', "time zone of the boxes (default: this machine's, as cron uses the box's local time)").argParser(parseTimeZone);
}

function nowOption(): Option {
  return new Option('--now <time>', 'compute next runs from this ISO 8601 time instead of now').argParser(parseInstant).default(new Date(), 'now');
}

// Each command's module is imported when it runs, so a pre-commit "check" loads neither
// handlebars, cronstrue nor the packager (the bundle keeps them in separate chunks).
/** The whole command tree, not run: runCli parses with it; scripts/man-pages.mjs documents it (the same options --help prints). */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('cronpack')
    .description('Check METADATA <crontab> blocks in a scripts repository and build cron.d files and Debian packages from them.')
    .version(cronpackVersion, '-V, --version')
    .option('-C, --cwd <dir>', 'run as if started in <dir> (like git -C); it is the repository root', '.')
    .option('--debug', 'print stack traces of internal errors')
    // Program options (-C, --debug, -V) go before the command, so that "package --version <v>" is the command's.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run "cronpack --help" for usage)');

  withDiagnosticsOptions(program.command('check'))
    .description('find every METADATA <crontab> block and report problems (no paths: the whole repository)')
    .argument('[paths...]', 'files or folders to check, as a pre-commit hook passes them')
    .action(async (paths: string[], options: DiagnosticsOutput) => {
      const { runCheck } = await import('./commands/check.js');
      setExit(await runCheck(paths, options, withCwd(io, program)));
    });

  withDiagnosticsOptions(program.command('build'))
    .description('check, then write one /etc/cron.d file per package into <out>/cron.d (atomically)')
    .option('-o, --out <dir>', 'output folder (default: the config\'s outDir, out/cronpack)')
    .option('--stdout', 'print the files instead of writing them', false)
    .option('--dry-run', 'say what would change, write nothing', false)
    .action(async (options: BuildCommandOptions) => {
      const { runBuild } = await import('./commands/build.js');
      setExit(await runBuild(options, withCwd(io, program)));
    });

  withDiagnosticsOptions(program.command('package'))
    .description('check and build, then write one .deb per package and one with the scripts into <out> (atomically)')
    .option('-o, --out <dir>', "output folder (default: the config's outDir + /deb, out/cronpack/deb)")
    .option('--version <version>', "Debian version of every package (default: the config's package.version)")
    .option('--source-tree', 'also write <out>/debian/ for dpkg-buildpackage', false)
    .option('--source <text>', 'where the packages come from, for their changelog (default: "git <commit>")')
    .action(async (options: PackageCommandOptions) => {
      const { runPackage } = await import('./commands/package.js');
      setExit(await runPackage(options, withCwd(io, program)));
    });

  program
    .command('init')
    .description('write a commented cronpack.config.json to start from')
    .option('--force', 'overwrite an existing cronpack.config.json', false)
    .action(async (options: { force: boolean }) => {
      const { runInit } = await import('./commands/init.js');
      setExit(await runInit(options, withCwd(io, program)));
    });

  program
    .command('list')
    .description('list every valid job: package, script, params, schedule, its meaning and next run')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(timeZoneOption())
    .addOption(nowOption())
    .action(async (options: Omit<ListCommandOptions, 'tz'> & { tz?: string }) => {
      const { runList } = await import('./commands/list.js');
      setExit(await runList({ ...options, tz: options.tz ?? localTimeZone(io.env) }, withCwd(io, program)));
    });

  program
    .command('load')
    .description('when the jobs start: per minute of a week in the boxes\' zone, per package and in all; the busiest minutes with their jobs')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .option('--html <file>', 'also write a self-contained heatmap page (no network needed to view it)')
    .option('--top <n>', 'how many of the busiest minutes to list', parseTop, 10)
    .addOption(timeZoneOption())
    .addOption(nowOption())
    .action(async (options: Omit<LoadCommandOptions, 'tz'> & { tz?: string }) => {
      const { runLoad } = await import('./commands/load.js');
      setExit(await runLoad({ ...options, tz: options.tz ?? localTimeZone(io.env) }, withCwd(io, program)));
    });

  program
    .command('explain')
    .description("explain a schedule as Debian's cron reads it: meaning, field sets, day rule, next runs")
    .argument('<schedule>', 'a schedule, quoted: "0 0 */2 * 1"')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(timeZoneOption())
    .option('-n, --count <n>', `how many next runs to show (at most ${maxNextRuns})`, parseNextRunCount, 5)
    .addOption(nowOption())
    .option('--lockname <name>', "the job's lock name, which chooses the values of H (see cronpack list --format json)")
    .action(async (schedule: string, options: Omit<ExplainCommandOptions, 'tz'> & { tz?: string }) => {
      const { runExplain } = await import('./commands/explain.js');
      setExit(runExplain(schedule, { ...options, tz: options.tz ?? localTimeZone(io.env) }, io));
    });

  return program;
}

/** Runs cronpack with argv (without node and script) and returns the exit code; never exits the process. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    // --debug is read from args below, wherever it is; commander sees program options only before the command.
    await program.parseAsync(args.filter((arg) => arg !== '--debug'), { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usageOrInternal;
    }
    if (error instanceof CronpackError) {
      io.stderr(`cronpack: ${error.message}\n`);
      return exitCodes.usageOrInternal;
    }
    const isDebug = args.includes('--debug');
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`cronpack: internal error: ${message}\n`);
    io.stderr(isDebug && error instanceof Error && error.stack ? `${error.stack}\n` : 'Run again with --debug for the stack trace, and report it as a bug.\n');
    return exitCodes.usageOrInternal;
  }
}
