import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { createDiagnostic, fillPhrase } from '../diagnostics/report.js';
import { absolutePathProblem } from '../text/absolute-path.js';
import { isDebianUserName, maxUserNameBytes } from '../text/debian-names.js';
import { findUnsafeCharacter } from '../text/unsafe-character.js';
import { configValueHints } from '../catalogue/phrases.js';

type KeyPath = readonly (string | number)[];

/** Where a key of the config was written. */
export type ConfigSite = (path: KeyPath) => { file: string; span: Span };

const pathHint = configValueHints.path;
const userHint = fillPhrase(configValueHints.user, { maxBytes: maxUserNameBytes });
const textHint = configValueHints.text;

/** Keys whose values become paths on the box, quoted into every cron line. */
const pathKeys: readonly KeyPath[] = [['installDir'], ['manifestDir'], ['switchman', 'bin'], ['switchman', 'config']];

const keyName = (path: KeyPath): string => path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
const sameKey = (a: KeyPath, b: KeyPath): boolean => a.length === b.length && a.every((p, i) => p === b[i]);

function pathProblem(path: KeyPath, value: string): string | undefined {
  const problem = absolutePathProblem(value);
  if (problem !== undefined) return problem;
  // Scripts installed at "/" would land over the box's own /bin, /etc...
  if ((path[0] === 'installDir' || path[0] === 'manifestDir') && value === '/') return 'is "/": the scripts would be installed over the system\'s own folders';
  return undefined;
}

function userProblem(value: string): string | undefined {
  const unsafe = findUnsafeCharacter(value);
  if (unsafe) return `contains ${unsafe.description} at character ${unsafe.index + 1}`;
  return isDebianUserName(value) ? undefined : 'is not a Debian user name: cron would read another user, or ignore the whole file';
}

/** Every string in a JSON value, with its key path. */
function* strings(value: unknown, path: (string | number)[] = []): Generator<[KeyPath, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, [...path, i]);
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
}

/**
 * The checks a schema cannot say well: every value that may reach a generated
 * file (cron line, control file, changelog, copyright, file names) is one line
 * of printable text; paths are absolute and normalised; users are names cron
 * and adduser both read as one user. `raw` has already passed the schema.
 */
export function checkConfigValues(raw: unknown, site: ConfigSite): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [path, value] of strings(raw)) {
    if (path[0] === '$schema') continue; // read by editors only
    let problem: string | undefined;
    let hint: string = textHint;
    if (pathKeys.some((key) => sameKey(key, path))) {
      problem = pathProblem(path, value);
      hint = pathHint;
    } else if (path[0] === 'user' || path[0] === 'users') {
      problem = userProblem(value);
      hint = userHint;
    } else {
      const unsafe = findUnsafeCharacter(value);
      if (unsafe) problem = `contains ${unsafe.description} at character ${unsafe.index + 1}`;
      // Debian control files drop blanks around a field's value: what is written would not be what is shipped.
      else if (path[0] === 'package' && value.trim() !== value) problem = 'begins or ends with a blank, which Debian control files drop';
    }
    if (problem === undefined) continue;
    const where = site(path);
    diagnostics.push(createDiagnostic(where.file, { messageId: 'configValueUnsafe', loc: where.span, data: { key: keyName(path), problem, hint } }));
  }
  return diagnostics;
}
