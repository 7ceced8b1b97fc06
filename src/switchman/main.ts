// Entry point of the switchman executable (bundled into dist/switchman.cjs).
// The same file, called with FENCE_FLAG, is the fence process that leads the job's group.
import { parseArgs, USAGE } from './cli.js';
import { loadConfig } from './config.js';
import { EXIT_CONFIG, EXIT_INTERNAL, EXIT_NOT_CONFIGURED, EXIT_OK, EXIT_SIGNAL_BASE, EXIT_USAGE, signalNumber } from './exit-codes.js';
import { earlySignals } from './signals.js';
import { noteUnconfigured } from './unconfigured.js';
import { runFence } from './fence-main.js';
import { FENCE_FLAG } from './fence-protocol.js';
import { Logger, flushLogs } from './log.js';
import { runJob } from './runner.js';
import { releaseStartSlot } from './start-slot.js';
import { runStatus } from './status.js';
import { runCheck, runControl, runGc, runHeartbeat, runMetrics } from './fleet/commands.js';
import type { FleetIo, LoadedConfig } from './fleet/commands.js';
import { defaultFenceCommand } from './fence-client.js';
import { COMPATIBLE_WITH, SWITCHMAN_VERSION } from './version.js';

/** No job to drain: a stop signal just ends the command, as it would without the prologue. */
function exitOnStopSignals(): void {
  const early = earlySignals();
  if (early !== undefined) early.deliver = (signal) => process.exit(EXIT_SIGNAL_BASE + signalNumber(signal));
  for (const signal of early?.received.splice(0) ?? []) early?.deliver?.(signal);
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  // Only a run's start is worth a start slot; everything else gives it back at once.
  if (parsed.kind !== 'run') releaseStartSlot();
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(USAGE);
      return EXIT_OK;
    case 'version':
      process.stdout.write(`switchman ${SWITCHMAN_VERSION} (cronpack; compatible with ${COMPATIBLE_WITH})\n`);
      return EXIT_OK;
    case 'error':
      process.stderr.write(`switchman: ${parsed.message}\nTry 'switchman --help'.\n`);
      return EXIT_USAGE;
    case 'fleet': {
      exitOnStopSignals();
      // The commands print what their caller must see; the log gets a copy of what matters, never stderr twice.
      const logger = new Logger({ level: 'info', syslog: true, writeStderr: () => undefined });
      const loaded = loadConfig(parsed.configPath);
      let config: LoadedConfig;
      if (loaded.unconfigured) config = { unconfigured: true };
      else if (loaded.config === undefined) config = { errors: loaded.errors };
      else {
        config = { config: loaded.config };
        logger.configure(loaded.config.loglevel, loaded.config.logfile, loaded.config.syslogSocket);
      }
      const io: FleetIo = {
        env: process.env,
        write: (t) => void process.stdout.write(t),
        writeError: (t) => void process.stderr.write(t),
        log: (level, message, fields) => logger[level](message, { command: parsed.command, ...fields }),
      };
      switch (parsed.command) {
        case 'heartbeat':
          return runHeartbeat(config, parsed, io);
        case 'check':
          return runCheck(config, parsed, io);
        case 'metrics':
          return runMetrics(config, parsed, io);
        case 'gc':
          return runGc(config, parsed, io);
        default:
          return runControl(config, parsed, io);
      }
    }
    case 'status': {
      exitOnStopSignals();
      const loaded = loadConfig(parsed.configPath);
      if (loaded.unconfigured) {
        process.stdout.write(parsed.json ? `${JSON.stringify({ configured: false, config: parsed.configPath })}\n` : `not configured: ${parsed.configPath} says "configured": false\n`);
        return EXIT_NOT_CONFIGURED;
      }
      if (loaded.config === undefined) {
        for (const e of loaded.errors) process.stderr.write(`switchman: ${e}\n`);
        return EXIT_CONFIG;
      }
      return runStatus(loaded.config, parsed.json, (t) => void process.stdout.write(t), (t) => void process.stderr.write(t));
    }
    case 'run': {
      // Without a logfile, lines go to syslog and only warnings and worse to stderr: cron mails nothing when all is well.
      const logger = new Logger({ level: 'info', syslog: true });
      const loaded = loadConfig(parsed.configPath);
      if (loaded.unconfigured) {
        noteUnconfigured(parsed.configPath, loaded.unconfigured.logfile, parsed.command, { syslogSocket: loaded.unconfigured.syslogSocket });
        return EXIT_OK;
      }
      if (loaded.config === undefined) {
        for (const e of loaded.errors) logger.error(e);
        return EXIT_CONFIG;
      }
      logger.configure(loaded.config.loglevel, loaded.config.logfile, loaded.config.syslogSocket);
      if (loaded.unknownKeys.length > 0) logger.debug('unknown config keys ignored', { keys: loaded.unknownKeys.join(',') });
      return runJob(parsed, loaded.config, {
        env: process.env,
        cwd: process.cwd(),
        pid: process.pid,
        logger,
        fenceCommand: defaultFenceCommand(),
      });
    }
  }
}

if (process.argv[2] === FENCE_FLAG) {
  runFence(process.argv[3]);
} else {
  // flushLogs: syslog lines are still on their way to logger until it has exited (bounded wait).
  main(process.argv.slice(2)).then(
    async (code) => {
      await flushLogs();
      // process.exit drops what a pipe has not taken yet (metrics are megabytes): wait for it.
      await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
      process.exit(code);
    },
    async (error: unknown) => {
      process.stderr.write(`switchman: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      await flushLogs();
      process.exit(EXIT_INTERNAL);
    },
  );
}
