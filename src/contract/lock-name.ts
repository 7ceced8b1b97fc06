// What a lock name may be: switchman refuses any other at its command line (exit 64); and the
// name cronpack gives each job (lockNameFor), which it never makes one switchman would refuse (a
// property test checks it). The name also seeds the job's H schedule values (schedule/hash-schedule.ts).
import { createHash } from 'node:crypto';

/** The original switchman's limit on a lock name. */
export const maxLockNameLength = 512;

/** What ZooKeeper's PathUtils.validatePath refuses in a path: controls, surrogates and private use, U+FFF0-U+FFFF. */
const refusedByZooKeeper = /[\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/;

/** The first character ZooKeeper would refuse in a path, as U+XXXX; undefined when there is none. */
export function refusedCharacter(path: string): string | undefined {
  const refused = refusedByZooKeeper.exec(path);
  // A character beyond U+FFFF is refused too (ZooKeeper checks UTF-16 units): name it, not its half.
  return refused ? `U+${(path.codePointAt(refused.index) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** A lock name must be one ZooKeeper path segment that ZooKeeper accepts; undefined when it is. */
export function checkLockName(name: string): string | undefined {
  // Built only for a refusal: check asks this of every job.
  const shown = (): string => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
  if (name === '' || name === '.' || name === '..' || name.includes('/')) {
    return `invalid lock name ${shown()}: it must be one path segment (give --lockname when CMD ends in "/")`;
  }
  const refused = refusedCharacter(name);
  if (refused !== undefined) return `invalid lock name ${shown()}: ZooKeeper refuses the character ${refused} in it`;
  if (name.length > maxLockNameLength) return `invalid lock name ${shown()}: ${name.length} characters, more than ${maxLockNameLength}`;
  if (name === 'zookeeper') return 'invalid lock name "zookeeper": reserved by ZooKeeper';
  return undefined;
}

/** What a job's lock name is made of: its script, its params (as words) and its shard. */
export interface LockNameInputs {
  script: string;
  params: readonly string[];
  shard?: { mod: number; rem: number } | undefined;
}

/** Characters kept as they are in a lock name; ZooKeeper allows more, but these read well in paths and logs. */
const plain = /[A-Za-z0-9._-]/;

/** The script path as one ZooKeeper node name: "/" becomes ".", anything unusual becomes "_XX" hex. */
function encodePath(path: string): string {
  // Most paths need no escape: one regex instead of one test per character (check plans every job).
  if (/^[A-Za-z0-9._/-]*$/.test(path)) return path.replaceAll('/', '.');
  let out = '';
  for (const ch of path) {
    if (ch === '/') out += '.';
    else if (plain.test(ch)) out += ch;
    else out += [...Buffer.from(ch, 'utf8')].map((b) => `_${b.toString(16).padStart(2, '0')}`).join('');
  }
  return out;
}

/** The params besides --mod/--rem, which make one job of a script differ from another. */
function otherParams(job: LockNameInputs): string[] {
  const words: string[] = [];
  for (let i = 0; i < job.params.length; i++) {
    const word = job.params[i]!;
    if (/^--(?:mod|rem)=/.test(word)) continue;
    if (word === '--mod' || word === '--rem') {
      i++;
      continue;
    }
    words.push(word);
  }
  return words;
}

/**
 * A job's ZooKeeper lock name, from its script path and shard, plus a short
 * hash of its other params when it has any, so two jobs of one script with
 * different params get two locks. Stable across builds, no "/", never "." or "..".
 * (switchman's own default, the command's basename, would give every "php" job one lock.)
 */
export function lockNameFor(job: LockNameInputs): string {
  let name = encodePath(job.script);
  const rest = otherParams(job);
  if (rest.length > 0) name += `.p${createHash('sha256').update(rest.join('\0')).digest('hex').slice(0, 8)}`;
  if (job.shard) name += `.shard${job.shard.rem}of${job.shard.mod}`;
  return fitForSwitchman(name);
}

/**
 * The name as switchman accepts it (contract/lock-name.ts). Encoded names are plain ASCII, so
 * only two can fail: one longer than switchman's limit (a deep path, or non-ASCII names, which
 * triple in length) keeps its start and ends in a hash of the whole; the reserved "zookeeper"
 * (a script of that name at the top) gets a suffix.
 */
function fitForSwitchman(name: string): string {
  if (checkLockName(name) === undefined) return name;
  if (name === 'zookeeper') return 'zookeeper.job';
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `${name.slice(0, maxLockNameLength - hash.length - 2)}.h${hash}`;
}
