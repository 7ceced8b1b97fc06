// What a lock name may be: switchman refuses any other at its command line (exit 64), and
// cronpack never makes one it would refuse (plan/lock-name.ts; a property test checks it).

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
  const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
  if (name === '' || name === '.' || name === '..' || name.includes('/')) {
    return `invalid lock name ${shown}: it must be one path segment (give --lockname when CMD ends in "/")`;
  }
  const refused = refusedCharacter(name);
  if (refused !== undefined) return `invalid lock name ${shown}: ZooKeeper refuses the character ${refused} in it`;
  if (name.length > maxLockNameLength) return `invalid lock name ${shown}: ${name.length} characters, more than ${maxLockNameLength}`;
  if (name === 'zookeeper') return 'invalid lock name "zookeeper": reserved by ZooKeeper';
  return undefined;
}
