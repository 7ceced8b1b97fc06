#!/usr/bin/env node
// Writes the man pages cronpack.1 and switchman.1 from the definitions --help prints:
// cronpack's commander tree (buildProgram in src/cli/run-cli.ts, with commander's own Help
// for terms and descriptions) and exit codes (src/cli/exit-codes.ts); switchman's option
// and exit status tables (src/switchman/cli.ts, src/switchman/exit-codes.ts). Only the prose
// around them (DESCRIPTION, FILES, EXAMPLES...) lives here. Deterministic: the date is
// SOURCE_DATE_EPOCH's (dpkg-buildpackage sets it), or none.
// Usage: node scripts/man-pages.mjs [--out DIR]    (default dist/man; reads the tsc output in dist/)
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------
// groff helpers

/** Text for a roff text line: backslashes escaped, option-like words with real minus signs. */
export function roffText(text) {
  return text
    .replace(/\\/g, '\\e')
    .replace(/(^|[\s("'/[|=])(-[-\w]*)/g, (_, before, word) => `${before}${word.replace(/-/g, '\\-')}`);
}

/** Lines of text, each safe from being read as a request. */
function roffLines(text) {
  return roffText(text)
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n');
}

const bold = (text) => `\\fB${roffText(text)}\\fR`;
const italic = (text) => `\\fI${roffText(text)}\\fR`;

/** One word of a term: an option bold, a value (<name>, [name], FILE) italic, a command name bold; brackets and "..." plain. */
function termWord(word) {
  const [, pre = '', core = '', post = ''] = /^(\[*)(.*?)((?:\.\.\.|\])*)$/.exec(word) ?? [];
  const angle = /^<(.+?)(\.\.\.)?>$/.exec(core);
  if (angle) return `${pre}${italic(angle[1])}${angle[2] ?? ''}${post}`;
  if (core.startsWith('-')) return `${pre}${bold(core)}${post}`;
  if (pre !== '' || /^[A-Z][A-Z0-9_]*$/.test(core)) return `${pre}${italic(core)}${post}`;
  return `${pre}${bold(core)}${post}`;
}

/** A term such as "-f, --format <name>", "[paths...]", "[-c FILE] [--json]": options bold, values italic. */
export function roffTerm(term) {
  return term
    .split(/(\s+|,\s*|\s*\|\s*)/)
    .map((part, index) => (index % 2 === 1 ? roffText(part) : part === '' ? '' : termWord(part)))
    .join('');
}

/** A .TH date from SOURCE_DATE_EPOCH, or "" (no date) without it. */
export function manDate(env = process.env) {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return '';
  if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be a number of seconds, got ${JSON.stringify(epoch)}`);
  return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
}

// No hyphenation, which would cut paths and option names: .nh, and HY 0 for the macros
// (.YS, .EE) that turn it back on to that register's value.
const th = (name, date, version) => `.TH ${name.toUpperCase()} 1 "${date}" "${name} ${version}" "User Commands"\n.nr HY 0\n.nh`;

/** One form of the SYNOPSIS: .SY (groff's man extension, which man-db and mandoc read) wraps it with a hanging indent. */
const synopsis = (command, rest) => `.SY ${command}\n${rest}\n.YS`;

/** A .TP item: the term line, then the text. */
const item = (term, text) => `.TP\n${term}\n${roffLines(text)}`;

/** Every key of `table` must name something that exists, so the prose cannot outlive what it describes. */
function checkKeys(what, table, known) {
  const stale = Object.keys(table).filter((key) => !known.includes(key));
  if (stale.length > 0) throw new Error(`scripts/man-pages.mjs: ${what} ${stale.join(', ')} no longer exist(s); update the templates`);
}

// ---------------------------------------------------------------------------------------
// cronpack

/** More about a command than its one-line description, keyed by command name. */
const cronpackCommandProse = {
  check:
    'Runs every check that build would fail on: besides the METADATA itself, lock name collisions, the 998-byte command limit, env lines cron would misread, file names, scripts with jobs that are not executable, and every config value. With paths, the checks across files (such as lock names) see only the jobs of those files. With json, sarif or github as --format, stdout holds only that document (also for build and package).',
  build:
    'Writes nothing when there is any error. <out>/cron.d is a symlink to a hidden version folder beside it, replaced in one rename, so a failed or interrupted run leaves the previous output as it was. cronpack replaces only its own outputs (listed in a .cronpack-output.json marker) and refuses, with exit status 2, a folder holding anything else. The same input gives byte-identical files.',
  package:
    'For each METADATA package, <prefix>-<package>_<version>_all.deb holds /etc/cron.d/<prefix>-<package> as a conffile; <prefix>-scripts_<version>_all.deb holds the scripts. Needs dpkg-deb. The packages are lintian-clean and reproducible: with the same SOURCE_DATE_EPOCH (default: the last commit\'s time) two builds are byte-identical. Groups listed in the config\'s "retired" become empty transitional packages that remove their cron file.',
  load: 'Counts the starts of every valid job at each minute of one week (from --now, in the --tz zone) with cron\'s own day rule. The text shows the busiest day\'s starts as a heat row per hour, the JSON and the --html page hold the same numbers. check warns (CP3007) when a package starts more than maxStartsPerMinute jobs in one minute.',
  explain: 'Needs no repository. Exit status 1 when the schedule is invalid. A schedule with H needs --lockname, the job\'s lock name (cronpack list --format json shows it).',
};

const cronpackExamples = [
  ['cronpack check', 'check the whole repository (the current directory)'],
  ['cronpack check bin/a.pl lib/', 'check only these files or folders, as a pre-commit hook passes them'],
  ['cronpack -C path/to/repo check -f json', 'check another folder, as a JSON document on stdout'],
  ['cronpack build --dry-run', 'say which cron.d files would change'],
  ['cronpack package --version 1.4.0-1', 'build the Debian packages with this version'],
  ["cronpack explain '0 0 */2 * 1' -n 3", 'explain a schedule and show its next three runs'],
  ['cronpack load --html load.html', 'show when the jobs start, and write the heatmap page'],
];

function commandSynopsis(helper, command) {
  const options = helper
    .visibleOptions(command)
    .filter((o) => o.long !== '--help')
    .map((o) => `[${roffTerm(o.short ?? o.long)}${o.required || o.optional ? ` ${roffTerm(o.flags.replace(/^.*?([<[])/, '$1'))}` : ''}]`);
  const args = command.registeredArguments.map((a) => {
    const name = `${italic(a.name())}${a.variadic ? '...' : ''}`;
    return a.required ? name : `[${name}]`;
  });
  return synopsis('cronpack', [bold(command.name()), ...options, ...args].join(' '));
}

/** cronpack.1 from the commander program (buildProgram) and the exit status table. */
export function cronpackManPage({ program, version, exitStatus, date }) {
  const helper = program.createHelp();
  const commands = helper.visibleCommands(program);
  const real = program.commands.filter((c) => commands.includes(c));
  checkKeys('the commands', cronpackCommandProse, real.map((c) => c.name()));
  const globalOptions = helper.visibleOptions(program);

  const out = [
    th('cronpack', date, version),
    '.SH NAME',
    'cronpack \\- build cron.d files and Debian packages from METADATA in scripts',
    '.SH SYNOPSIS',
    synopsis('cronpack', `[${italic('global options')}] ${italic('command')} [${italic('options')}] [${italic('arguments')}]`),
    ...real.map((c) => commandSynopsis(helper, c)),
    synopsis('cronpack', `${bold('-V')} | ${bold('--version')}`),
    synopsis('cronpack', `[${italic('command')}] ${bold('--help')}`),
    '.SH DESCRIPTION',
    roffLines(helper.commandDescription(program)),
    '.PP',
    roffLines(
      'cronpack finds every METADATA <crontab> block in a scripts repository (Perl POD or comments, shell, Python, Ruby, JavaScript, TypeScript), reports problems with file:line:column, a code and a hint, and writes one /etc/cron.d file per package, every job wrapped in',
    ),
    '.BR switchman (1),',
    roffLines(
      'and Debian packages of them. Schedules are read exactly as Debian\'s cron reads them. Params are data, not shell: cronpack quotes every word again when it writes the cron line.',
    ),
    '.PP',
    roffLines('The global options go before the command (cronpack -C DIR check); the options of a command after it.'),
    '.SH COMMANDS',
  ];
  for (const command of commands) {
    out.push(`.SS "${roffText(`cronpack ${helper.subcommandTerm(command)}`)}"`, roffLines(helper.subcommandDescription(command)));
    const prose = cronpackCommandProse[command.name()];
    if (prose !== undefined) out.push('.PP', roffLines(prose));
    for (const argument of helper.visibleArguments(command)) out.push(item(italic(helper.argumentTerm(argument)), helper.argumentDescription(argument)));
    for (const option of helper.visibleOptions(command)) out.push(item(roffTerm(helper.optionTerm(option)), helper.optionDescription(option)));
  }
  out.push('.SH OPTIONS', 'Global options, before the command:');
  for (const option of globalOptions) out.push(item(roffTerm(helper.optionTerm(option)), helper.optionDescription(option)));
  out.push('.SH EXIT STATUS');
  for (const { code, meaning } of exitStatus) out.push(item(bold(String(code)), meaning));
  out.push(
    '.PP',
    roffLines('Bad input never prints a stack trace; an internal error prints one line (add --debug for the stack).'),
    '.SH ENVIRONMENT',
    item(bold('SOURCE_DATE_EPOCH'), "The time of the packages' files and changelog (default: the last commit's time)."),
    item(`${bold('NO_COLOR')}, ${bold('FORCE_COLOR')}`, 'Colour of the stylish format, which is on for a terminal.'),
    '.SH FILES',
    item(
      italic('cronpack.config.json'),
      'The config, at the repository root (comments allowed), or a "cronpack" key in package.json. Every key is optional; cronpack init writes a commented one.',
    ),
    item(italic('/usr/share/cronpack/dist/config/cronpack.config.schema.json'), 'Its JSON Schema, for editor completion ("$schema").'),
    item(italic('out/cronpack/'), 'Where build and package write by default (the config\'s outDir), with a .cronpack-output.json marker listing what cronpack wrote.'),
    '.SH EXAMPLES',
    ...cronpackExamples.map(([command, what]) => item(bold(command), what)),
    '.SH SEE ALSO',
    '.BR switchman (1),',
    '.BR cron (8),',
    '.BR crontab (5),',
    '.BR dpkg\\-deb (1),',
    roffLines('/usr/share/doc/cronpack/README.md.gz, and diagnostics.md.gz beside it (every diagnostic code, with a fix).'),
  );
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------
// switchman

/** More about an option than its --help line, keyed by long option. */
const switchmanOptionProse = {
  '--group': 'Without it, any host may run the job (the lock still makes it one at a time). switchman watches the group while the job runs, and stops the job when this host leaves it.',
  '--lockname': 'One ZooKeeper path segment: the lock is the ephemeral node <prefix>/locks/NAME.',
  '--no-lock': 'Every host of the group then runs the job.',
};

/** switchman.1 from switchman's option and exit status tables. */
export function switchmanManPage({ options, summary, exitStatus, version, date, configPath, synopsisOptions }) {
  checkKeys('the options', switchmanOptionProse, options.map((o) => o.long));
  const optionTerm = (o) => roffTerm(`${o.short === undefined ? '' : `${o.short}, `}${o.long}${o.arg === undefined ? '' : ` ${o.arg}`}`);
  const out = [
    th('switchman', date, version),
    '.SH NAME',
    'switchman \\- run a cron job on one allowed host at a time, using ZooKeeper',
    '.SH SYNOPSIS',
    synopsis('switchman', `${roffTerm(synopsisOptions(['run', 'both']))} ${bold('--')} ${italic('CMD')} [${italic('ARGS')}...]`),
    synopsis('switchman', `${bold('status')} ${roffTerm(synopsisOptions(['status', 'both']))}`),
    synopsis('switchman', options.filter((o) => o.scope === 'alone').map((o) => bold(o.short ?? o.long)).join(' | ')),
    '.SH DESCRIPTION',
    roffLines(summary.replace(/\n/g, ' ')),
    '.PP',
    roffLines(
      'switchman reads from ZooKeeper which hosts the group GROUP may run on (the node <prefix> holds {"groups": {...}}), takes the ephemeral lock node <prefix>/locks/NAME, runs CMD in its own process group without a shell, and stops the whole process tree (SIGTERM, then SIGKILL after termination_timeout seconds) when the host leaves the group, the lock is lost, the ZooKeeper session is about to expire, or switchman gets SIGTERM, SIGINT, SIGHUP or SIGUSR1 (drain: stop, release the lock at once, exit). A small fence process stops the job\'s tree even when switchman itself is killed.',
    ),
    '.PP',
    roffLines(
      'Not being in the group, and a lock held elsewhere, are the normal state of the other hosts: switchman exits 0 quietly. Option parsing stops at -- or at the first argument that is not an option. CMD gets switchman\'s environment plus SWITCHMAN_RUN_ID, SWITCHMAN_LOCK and SWITCHMAN_GROUP, and its stdin, stdout and stderr. One START and one FINISH line per run go to the log file (or stderr).',
    ),
    '.PP',
    roffLines('switchman status prints who holds which lock now (lock, host, pid, since when), then the fleet: hosts, groups, jobs, drains and pauses; --json prints it as one JSON object.'),
    roffLines('switchman heartbeat, check, metrics, drain, undrain, pause, resume and gc watch and steer the fleet: see /usr/share/doc/switchman/switchman-fleet.md.'),
    '.PP',
    roffLines(
      'It is compatible with the Perl App::Switchman (command line, config file, ZooKeeper layout, --lease with its queues and semaphores): a fleet may run both on one ZooKeeper.',
    ),
    '.SH OPTIONS',
  ];
  for (const option of options) {
    const prose = switchmanOptionProse[option.long];
    out.push(item(optionTerm(option), `${option.description}.${prose === undefined ? '' : ` ${prose}`}`.replace(/\.\./g, '.')));
  }
  out.push('.SH EXIT STATUS');
  for (const { code, meaning } of exitStatus) out.push(item(bold(code), meaning));
  out.push(
    '.PP',
    roffLines(
      "64, 70, 75 and 78 are sysexits.h's EX_USAGE, EX_SOFTWARE, EX_TEMPFAIL and EX_CONFIG. A job can return these numbers by itself; the FINISH line's reason tells which it was.",
    ),
    '.SH ENVIRONMENT',
    item(bold('SWITCHMAN_HOSTNAME'), 'The name this host is matched against the groups with, before the config\'s "hostname" and the FQDN (as hostname -f prints it).'),
    '.SH FILES',
    item(
      italic(configPath),
      'The config (JSON): zkhosts, prefix, logfile, loglevel, termination_timeout, session_timeout, connect_timeout, hostname. While it says "configured": false, as the Debian package\'s example does, every run exits 0 at once, runs nothing and logs one "not configured" line.',
    ),
    item(italic('/var/log/switchman.log'), 'The log file of the Debian package\'s example config ("logfile"), writable by the jobs of every user, rotated by /etc/logrotate.d/switchman.'),
    item(
      italic('/run/switchman/'),
      'The start slots of /usr/bin/switchman (start-slot-N, 2 per CPU, and start-queue): when cron starts hundreds of runs at once, 2 per CPU start node and ask ZooKeeper at a time while the others wait asleep, so that runs already holding a lock keep their CPU. A run that waited 10 minutes starts without a slot and says so on stderr.',
    ),
    '.SH EXAMPLES',
    roffLines('A line of /etc/cron.d, as cronpack writes them:'),
    '.PP',
    '.nf',
    '.RS',
    roffLines('*/5 * * * * root switchman --config /etc/switchman.conf --group scripts1 --lockname report -- /usr/bin/report --daily'),
    '.RE',
    '.fi',
    '.PP',
    roffLines('Who holds which lock:'),
    '.PP',
    '.nf',
    '.RS',
    'switchman status',
    '.RE',
    '.fi',
    '.SH SEE ALSO',
    '.BR cron (8),',
    '.BR cronpack (1),',
    roffLines('/usr/share/doc/switchman/switchman.md.gz (the config, the ZooKeeper layout, fencing, log lines) and README.Debian beside it.'),
  );
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------
// sources and files

/**
 * The definitions the pages come from, imported from `dir`: dist/ (tsc's output, after
 * `tsc -p tsconfig.build.json`) or src/ (under tsx, as the tests do).
 */
export async function loadSources(dir = join(root, 'dist')) {
  const load = (path) => import(pathToFileURL(join(dir, path)).href);
  const [runCli, cronpackExit, cronpackVersion, switchmanCli, switchmanExit, switchmanVersion, switchmanConfig] = await Promise.all([
    load('cli/run-cli.js'),
    load('cli/exit-codes.js'),
    load('cli/version.js'),
    load('switchman/cli.js'),
    load('switchman/exit-codes.js'),
    load('switchman/version.js'),
    load('switchman/config.js'),
  ]);
  const discard = () => true;
  const io = { stdout: discard, stderr: discard, env: {}, cwd: root, isStdoutTTY: false, isStderrTTY: false };
  return {
    cronpack: { program: runCli.buildProgram(io, () => {}), version: cronpackVersion.cronpackVersion, exitStatus: cronpackExit.exitStatusDocs },
    switchman: {
      options: switchmanCli.OPTIONS,
      summary: switchmanCli.SUMMARY,
      synopsisOptions: switchmanCli.synopsisOptions,
      exitStatus: switchmanExit.EXIT_STATUS,
      version: switchmanVersion.SWITCHMAN_VERSION,
      configPath: switchmanConfig.DEFAULT_CONFIG_PATH,
    },
  };
}

/** The pages' texts, by file name. */
export function renderManPages(sources, date = manDate()) {
  return {
    'cronpack.1': cronpackManPage({ ...sources.cronpack, date }),
    'switchman.1': switchmanManPage({ ...sources.switchman, date }),
  };
}

/** Writes <outDir>/cronpack.1 and switchman.1 (each by a rename, never half a file); returns their paths. */
export async function writeManPages(outDir = join(root, 'dist', 'man'), { sourcesDir, date } = {}) {
  const pages = renderManPages(await loadSources(sourcesDir), date ?? manDate());
  mkdirSync(outDir, { recursive: true });
  return Object.entries(pages).map(([name, text]) => {
    const path = join(outDir, name);
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, path);
    return path;
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  await writeManPages(at >= 0 && args[at + 1] ? resolve(args[at + 1]) : undefined);
}
