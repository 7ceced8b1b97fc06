// Diagnostics about no file (a command-line value, a config key without a config file): every
// format shows them without a made-up place, first, and names the option where there is one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FormatContext } from './format-context.js';
import { formatGithub } from './github.js';
import { toJsonReport } from './json.js';
import { toSarifLog } from './sarif.js';
import { formatStylish } from './stylish.js';

const ctx: FormatContext = { getSource: () => undefined, color: false, toolVersion: '9.9.9' };

const badVersion: Diagnostic = {
  code: 'CP3102',
  severity: 'error',
  option: '--version',
  message: 'Version "v1" is not a valid Debian version.',
  hint: 'Write [epoch:]upstream[-revision].',
};
const noJobs: Diagnostic = { code: 'CP3112', severity: 'error', message: 'No jobs to package.' };
const located: Diagnostic = { code: 'CP1106', severity: 'warning', file: 'a.sh', line: 3, column: 3, message: 'Unknown key.' };

test('stylish: the global ones first, without a path, with the option where there is one', () => {
  const lines = formatStylish([located, badVersion, noJobs], ctx).split('\n');
  assert.match(lines[0]!, /^ {2} +error {2}No jobs to package\. +CP3112$/);
  assert.match(lines[1]!, /^ {2}--version {2}error {2}Version "v1" is not a valid Debian version\. +CP3102$/);
  assert.equal(lines[2], '    hint: Write [epoch:]upstream[-revision].');
  assert.equal(lines[3], '');
  assert.equal(lines[4], 'a.sh');
});

test('json: no file, line or column; the option instead', () => {
  const [first, second, third] = toJsonReport([located, badVersion, noJobs], ctx).diagnostics;
  assert.deepEqual(Object.keys(first!), ['code', 'severity', 'message']);
  assert.deepEqual(Object.keys(second!), ['code', 'severity', 'option', 'message', 'hint']);
  assert.equal(third!.file, 'a.sh');
});

test('sarif: no location; github: an annotation without a file', () => {
  const results = toSarifLog([badVersion, located], ctx).runs[0].results;
  assert.deepEqual(results[0]!.locations, []);
  assert.equal(results[0]!.message.text, '--version: Version "v1" is not a valid Debian version.\nhint: Write [epoch:]upstream[-revision].');
  assert.equal(formatGithub([badVersion], ctx), '::error title=CP3102::--version: Version "v1" is not a valid Debian version.%0Ahint: Write [epoch:]upstream[-revision].\n');
});
