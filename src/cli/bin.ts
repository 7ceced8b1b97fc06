#!/usr/bin/env node
import { processIo } from './io.js';
import { runCli } from './run-cli.js';

// The only place that touches the process's exit status.
process.exitCode = await runCli(process.argv.slice(2), processIo());
