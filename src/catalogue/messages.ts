// Over 300 lines on purpose: a table, one entry per diagnostic code, read like the TypeScript
// compiler's diagnosticMessages.json; the schedule's and packaging's codes have their own files.
/* eslint-disable max-lines -- a table, as said above */
import type { MessageSpec } from './message-spec.js';
import { scheduleMessages } from './schedule-messages.js';
import { packageMessages } from './package-messages.js';

export type { MessageSpec };

/**
 * The catalogue of every diagnostic cronpack can report, like the TypeScript
 * compiler's diagnosticMessages.json: detection code names a messageId, the
 * wording lives here. `{name}` placeholders are filled from the report's data.
 * Codes: CP0xxx config, CP1xxx extract/parse, CP2xxx validate, CP3xxx plan/render.
 * docs/diagnostics.md documents each code with a wrong example and its fix.
 */
export const messages = {
  ...scheduleMessages,
  ...packageMessages,

  // --- config (CP0xxx)
  configInvalidJson: {
    code: 'CP0001',
    severity: 'error',
    title: 'Config is not valid JSON',
    text: 'The config is not valid JSON: {reason}',
    hint: 'Fix the JSON syntax: no trailing commas; comments only in cronpack.config.json, not in package.json.',
  },
  configInvalid: {
    code: 'CP0002',
    severity: 'error',
    title: 'Config value is not allowed',
    text: 'Config: {problem}.',
    hint: 'See the "$schema" completion in your editor, or cronpack.config.schema.json; "cronpack init" writes a commented example.',
  },

  configValueUnsafe: {
    code: 'CP0003',
    severity: 'error',
    title: 'Config value cannot reach a generated file safely',
    text: 'Config: "{key}" {problem}.',
    hint: '{hint}',
  },
  optionValueUnsafe: {
    code: 'CP0004',
    severity: 'error',
    title: 'Option value cannot reach a generated file safely',
    text: '{option} {problem}.',
    hint: 'Give a short label on one line, such as "git 1a2b3c4d5e6f" or "release 1.4".',
  },
  configUnreadable: {
    code: 'CP0005',
    severity: 'error',
    title: 'Config file cannot be read',
    text: 'Cannot read the config: {reason}.',
    hint: '{hint}',
  },

  // --- extract / parse (CP1xxx)
  unreadableFile: {
    code: 'CP1001',
    severity: 'error',
    title: 'File cannot be read',
    text: 'Cannot read this file: {reason}.',
    hint: 'Fix the file permissions, or exclude the file in the cronpack config.',
  },
  invalidUtf8: {
    code: 'CP1002',
    severity: 'error',
    title: 'METADATA is not valid UTF-8',
    text: 'The METADATA section contains bytes that are not valid UTF-8.',
    hint: 'Save the file as UTF-8; cron.d files are generated as UTF-8.',
  },
  unreadableFolder: {
    code: 'CP1003',
    severity: 'warning',
    title: 'Folder cannot be read',
    text: 'Cannot read this folder ({reason}), so nothing in it was checked.',
    hint: 'Make it readable ("chmod a+rx" on it), or add it to "exclude" in the cronpack config.',
  },
  pathTooLong: {
    code: 'CP1004',
    severity: 'warning',
    title: 'Path too long to open',
    text: 'This path is too long to open ({reason}), so it was skipped.',
    hint: 'Shorten the names of its folders, or add the folder to "exclude" in the cronpack config.',
  },
  nonUtf8Name: {
    code: 'CP1005',
    severity: 'warning',
    title: 'Name is not UTF-8',
    text: 'The name of this {kind} is not valid UTF-8 (the bytes that are not are shown as \\xNN), so it was skipped.',
    hint: 'Rename it to a UTF-8 name ("git mv", or "convmv -f latin1 -t utf8 --notest" for Latin-1 names).',
  },
  utf16File: {
    code: 'CP1006',
    severity: 'warning',
    title: 'Script is UTF-16',
    text: 'This file has METADATA but is UTF-16 text, so it was skipped: cronpack reads scripts as UTF-8, as sh, Perl and Python do.',
    hint: 'Save it as UTF-8 (in the editor, or with "iconv -f UTF-16 -t UTF-8").',
  },
  linkOutsideRoot: {
    code: 'CP1007',
    severity: 'warning',
    title: 'Path leads outside the repository',
    text: 'This path leads outside the repository root through a symlink (to {target}), so it was not checked.',
    hint: 'Name files inside the repository; a full scan skips such symlinks too.',
  },
  unclosedTag: {
    code: 'CP1101',
    severity: 'error',
    title: 'Unclosed <crontab> tag',
    text: '<crontab> is never closed.',
    hint: 'Add a line "</crontab>" after the last key of this block.',
  },
  strayClosingTag: {
    code: 'CP1102',
    severity: 'error',
    title: 'Stray </crontab> tag',
    text: '</crontab> without a matching <crontab>.',
    hint: 'Add "<crontab>" before the block, or remove this line.',
  },
  nestedTag: {
    code: 'CP1103',
    severity: 'error',
    title: 'Nested <crontab> tag',
    text: '<crontab> inside another <crontab> block.',
    hint: 'Close the previous block with "</crontab>" first.',
  },
  emptyBlock: {
    code: 'CP1104',
    severity: 'error',
    title: 'Empty <crontab> block',
    text: 'This <crontab> block has no keys.',
    hint: 'Add "package:" and "time:" lines, or remove the block.',
  },
  malformedLine: {
    code: 'CP1105',
    severity: 'error',
    title: 'Line is not "key: value"',
    text: 'Expected "key: value" inside <crontab>, found "{text}".',
    hint: 'Write each setting as "key: value" on its own line (keys: package, time, params, user).',
  },
  unknownKey: {
    code: 'CP1106',
    severity: 'warning',
    title: 'Unknown key',
    text: 'Unknown key "{key}"; it is ignored.',
    hint: '{suggestion}',
  },
  duplicateKey: {
    code: 'CP1107',
    severity: 'error',
    title: 'Duplicate key',
    text: 'Key "{key}" is already set in this block.',
    hint: 'Keep one "{key}:" line; for a second schedule, add a second <crontab> block.',
  },
  missingKey: {
    code: 'CP1108',
    severity: 'error',
    title: 'Required key missing',
    text: 'This <crontab> block has no "{key}".',
    hint: '{example}',
  },
  emptyValue: {
    code: 'CP1109',
    severity: 'error',
    title: 'Empty value',
    text: 'Key "{key}" has an empty value.',
    hint: '{example}',
  },
  metadataWithoutBlocks: {
    code: 'CP1110',
    severity: 'warning',
    title: 'METADATA without <crontab> blocks',
    text: 'This METADATA section holds no <crontab> block; the script will not be scheduled.',
    hint: 'Add a <crontab> block, or remove the METADATA heading.',
  },
  commentClosedEarly: {
    code: 'CP1112',
    severity: 'error',
    title: 'Block comment closed inside METADATA',
    text: 'This "*/" ends the comment, so the rest of the METADATA is not a comment any more.',
    hint: 'A schedule like "*/6" closes a /* */ comment: write "0-23/6" instead, or use // comments for METADATA.',
  },
  textOutsideBlock: {
    code: 'CP1111',
    severity: 'warning',
    title: 'Setting outside a <crontab> block',
    text: '"{text}" looks like a setting but is outside any <crontab> block; it is ignored.',
    hint: 'Move it between "<crontab>" and "</crontab>".',
  },

  // --- validate (CP2xxx)
  invalidPackageName: {
    code: 'CP2001',
    severity: 'error',
    title: 'Invalid package name',
    text: 'Package "{name}" {reason}.',
    hint: 'Use lower-case letters, digits and "-", starting with a letter or digit, e.g. "{suggestion}".',
  },
  invalidUser: {
    code: 'CP2002',
    severity: 'error',
    title: 'Invalid user name',
    text: 'User "{name}" is not a valid user name for a cron.d line.',
    hint: 'Use a Debian user name: lower-case letters, digits, "_" and "-", starting with a letter or "_".',
  },
  paramsUnsafe: {
    code: 'CP2101',
    severity: 'error',
    title: 'Shell syntax in params',
    text: 'params: {what} would be {effect}; cronpack passes each word literally, without a shell.',
    hint: '{hint}',
  },
  paramsUnterminatedQuote: {
    code: 'CP2102',
    severity: 'error',
    title: 'Unterminated quote in params',
    text: 'params: the {quote} quote opened here is never closed.',
    hint: 'Close the quote on the same line.',
  },
  paramsControlChar: {
    code: 'CP2103',
    severity: 'error',
    title: 'Control character in params',
    text: 'params: control character {char} cannot be carried into a cron line.',
    hint: 'Remove it; cron.d lines are single lines of printable text.',
  },
  paramsLiteralGlob: {
    code: 'CP2104',
    severity: 'warning',
    title: 'Unquoted glob or tilde in params',
    text: 'params: "{word}" is passed literally; no shell expands {what} here.',
    hint: 'Quote the word (\'{word}\') to show it is meant literally, or let the script expand it.',
  },
  shardIncomplete: {
    code: 'CP2201',
    severity: 'error',
    title: '--mod without --rem (or the reverse)',
    text: 'params: "{present}" needs "{missing}" too.',
    hint: 'Give both, e.g. "--mod 2 --rem 0", or neither.',
  },
  shardNotInteger: {
    code: 'CP2202',
    severity: 'error',
    title: 'Shard value is not an integer',
    text: 'params: {option} must be {kind}, found "{value}".',
    hint: 'Write e.g. "--mod 4 --rem 0".',
  },
  shardOutOfRange: {
    code: 'CP2203',
    severity: 'error',
    title: 'Shard remainder out of range',
    text: 'params: --rem {rem} is outside 0..{max} for --mod {mod}.',
    hint: 'Use --rem between 0 and {max}, or raise --mod.',
  },
  shardRepeated: {
    code: 'CP2204',
    severity: 'error',
    title: 'Shard option given twice',
    text: 'params: {option} is given more than once.',
    hint: 'Keep one {option}.',
  },
  shardModMismatch: {
    code: 'CP2205',
    severity: 'error',
    title: 'Shards disagree on --mod',
    text: 'Shards of {script} in package "{package}" use --mod {mod} here but --mod {otherMod} in another block.',
    hint: 'Use one --mod for all shards of a script in a package.',
  },
  shardTimeMismatch: {
    code: 'CP2206',
    severity: 'error',
    title: 'Shards disagree on time',
    text: 'Shard --rem {rem} runs at "{time}" but another shard runs at "{otherTime}".',
    hint: 'Give every shard of a script the same time, or some work is done at other times than the rest.',
  },
  shardMissing: {
    code: 'CP2207',
    severity: 'error',
    title: 'Shard set incomplete',
    text: 'Shards of {script} in package "{package}" with --mod {mod} miss --rem {missing}; that part of the work never runs.',
    hint: 'Add a <crontab> block for each missing --rem: {missing}.',
  },
  shardDuplicate: {
    code: 'CP2208',
    severity: 'error',
    title: 'Shard given twice',
    text: 'Shard --mod {mod} --rem {rem} is already declared; that part of the work runs twice.',
    hint: 'Remove this block, or change it to a missing remainder.',
  },
  duplicateJob: {
    code: 'CP2301',
    severity: 'error',
    title: 'Duplicate job',
    text: 'The same job (package "{package}", {params}) is already declared.',
    hint: 'Remove one of the blocks; identical jobs share one lock and would fight for it.',
  },
  invalidLease: {
    code: 'CP2601',
    severity: 'error',
    title: 'Lease switchman cannot read',
    text: 'lease: "{lease}": {reason}.',
    hint: 'Write RESOURCE=COUNT:TOTAL, e.g. "FQDN_mem=4:int(MEMMB/1024)", leases separated by commas; a resource is letters, digits, "_", "." and "-" (and the macros FQDN, CPU, MEMMB), and must be listed in the "resources" of switchman\'s prefix node.',
  },
  scriptNotExecutable: {
    code: 'CP2501',
    severity: 'error',
    title: 'Script with jobs is not executable',
    text: 'This script has jobs but is not executable (mode {mode}): it is packaged as it is, and the cron line\'s "[ -x ... ]" guard would skip it every time.',
    hint: 'Run "chmod +x {path}" and commit the mode ("git update-index --chmod=+x {path}" where the file system has no modes).',
  },

  // --- plan / render (CP3xxx)
  lockNameCollision: {
    code: 'CP3001',
    severity: 'error',
    title: 'Two jobs get the same lock name',
    text: 'This job\'s lock name "{lock}" is also the lock of {other}, a different job; they could never run at the same time.',
    hint: 'Rename one of the scripts: lock names come from the script path ("/" becomes ".").',
  },
  commandTooLong: {
    code: 'CP3002',
    severity: 'error',
    title: 'Cron command too long',
    text: 'The cron command of this job is {bytes} bytes; Debian\'s cron rejects commands over {max} bytes, and with them the whole {file}.',
    hint: 'Shorten the params or the install path, or move arguments into a config file the script reads.',
  },
  cronFileNameIgnored: {
    code: 'CP3003',
    severity: 'error',
    title: 'cron.d file name that cron ignores',
    text: 'The cron.d file name "{name}" does not match ^[a-zA-Z0-9_-]+$; cron would silently skip the file.',
    hint: 'Use a prefix and package names of lower-case letters, digits and "-".',
  },
  cronFileTooLong: {
    code: 'CP3004',
    severity: 'error',
    title: 'cron.d file too long',
    text: 'The cron.d file {file} would hold {jobs} jobs; keep it at {max} or fewer.',
    hint: 'Split the jobs of this package into several packages.',
  },
  envLineMisread: {
    code: 'CP3005',
    severity: 'error',
    title: 'Environment value cron would misread',
    text: 'Config: {name}={value} cannot be written so that cron reads it back as is: {reason}.',
    hint: 'Change the value; cron strips one pair of surrounding quotes and trailing blanks, and knows no escapes.',
  },
  unknownUser: {
    code: 'CP3006',
    severity: 'warning',
    title: 'User not in the configured list',
    text: 'User "{user}" is not in the config\'s "users" ({users}); on a box without it, this job fails every run (the other jobs of {file} still run).',
    hint: 'Add "{user}" to "users" in the cronpack config once it exists on every box, or use a listed user.',
  },
  startHerd: {
    code: 'CP3007',
    severity: 'warning',
    title: 'Too many jobs start in one minute',
    text: 'Package {package} starts {count} jobs at {when}, more than {max} in one minute: this one, {others}.',
    hint: 'Every box starts every line of the package in that second. Spread them with H in their time: (e.g. "H * * * *" instead of "0 * * * *"); cronpack load shows when the jobs start. The limit is maxStartsPerMinute in the config.',
  },
} as const satisfies Record<string, MessageSpec>;

export type MessageId = keyof typeof messages;
