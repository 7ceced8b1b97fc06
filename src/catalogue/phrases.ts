// Phrases that fill a placeholder of a catalogue message ({effect}, {hint}, {reason}), chosen by
// detection code by id, so that no wording lives outside the catalogue.

/** How a shell would read what a params value holds, and what to write instead: CP2101's {what}, {effect} and {hint}. */
export const shellSyntaxPhrases = {
  ';': { effect: 'read by a shell as the end of the command', hint: 'Quote it (\';\') if it belongs to an argument; to run two commands, write a wrapper script.' },
  '&': { effect: 'read by a shell as "run in the background" or "&&"', hint: 'Quote it (\'&\') if it belongs to an argument; to chain commands, write a wrapper script.' },
  '|': { effect: 'read by a shell as a pipe', hint: 'Quote it (\'|\') if it belongs to an argument; to pipe, write a wrapper script.' },
  '<': { effect: 'read by a shell as a redirection', hint: 'Quote it (\'<\') if it belongs to an argument; to redirect, do it inside the script.' },
  '>': { effect: 'read by a shell as a redirection', hint: 'Quote it (\'>\') if it belongs to an argument; to redirect output, do it inside the script or use MAILTO.' },
  '(': { effect: 'read by a shell as a subshell', hint: 'Quote it (\'(\') if it belongs to an argument.' },
  ')': { effect: 'read by a shell as a subshell', hint: 'Quote it (\')\') if it belongs to an argument.' },
  expansion: { effect: 'expanded by a shell', hint: 'Use single quotes to pass it literally (\'$HOME\'), or read the value inside the script.' },
  substitution: { effect: 'run by a shell as a command substitution', hint: 'Compute the value inside the script; params are passed literally.' },
  comment: {
    what: 'a word starting with "#"',
    effect: 'read by a shell as a comment, dropping the rest of the line',
    hint: 'Quote it (\'#...\') if it belongs to an argument.',
  },
  trailingBackslash: { what: 'a trailing backslash', effect: 'read by a shell as a line continuation', hint: 'Remove it, or quote it (\'\\\').' },
} as const satisfies Record<string, { what?: string; effect: string; hint: string }>;

export type ShellSyntaxId = keyof typeof shellSyntaxPhrases;

/** What no shell expands in a params word that cronpack passes literally: CP2104's {what}. */
export const literalGlobPhrases = {
  character: 'the glob character "{char}"',
  tilde: 'the tilde',
} as const satisfies Record<string, string>;

/** Why a config file cannot be read (CP0005's {reason} when it is fixed, and its {hint}). */
export const configUnreadablePhrases = {
  folder: { reason: 'it is a folder, not a file', hint: 'Rename or remove the folder; the config is a JSON file.' },
  unreadable: { hint: 'Make the file readable ("chmod a+r").' },
} as const satisfies Record<string, { reason?: string; hint: string }>;

export type ConfigUnreadableId = keyof typeof configUnreadablePhrases;

/** Why a package.* control field is refused, and what to write (CP3107's {reason} and {hint}). */
export const packageFieldPhrases = {
  section: {
    reason: 'is not a section name (lower-case letters, digits and "+ - .", optionally after an area such as "contrib/")',
    hint: 'Use a Debian section such as "misc", "admin" or "utils".',
  },
  priorityDeprecated: { reason: 'is deprecated since Debian Policy 4.0.1', hint: 'Use "optional", the priority of almost every package.' },
  priorityUnknown: { reason: 'is not one of {priorities}', hint: 'Use "optional", the priority of almost every package.' },
  homepage: { reason: 'is not an http(s) URL', hint: 'Write the whole URL, e.g. "https://git.example.com/team/scripts", or leave the key out.' },
} as const satisfies Record<string, { reason: string; hint: string }>;

/** CP3109's {suggestion}: the Debian section that starts like the one written. */
export const sectionSuggestion = ' (did you mean "{section}"?)';

/** What to write instead of a config value that cannot reach a generated file (CP0003's {hint}), by the kind of value. */
export const configValueHints = {
  path: 'Write an absolute, normalised path on the box, such as "/usr/share/acme/scripts".',
  user: 'Use a Debian user name: lower-case letters, digits, "_" and "-", starting with a letter or "_", at most {maxBytes} bytes (e.g. "www-data").',
  text: 'Config values are single lines of printable text: remove the character (JSON writes it as an escape such as "\\n" or "\\u2028").',
} as const satisfies Record<string, string>;
