/**
 * write/: only what cronpack wrote is ever replaced or removed; the output
 * path is a symlink swapped in one rename; dead runs' leftovers go, live
 * runs' work stays.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CronpackError } from '../../src/core/errors.js';
import { outputMarkerName } from '../../src/core/output-marker.js';
import { checkOutputFolder, foreignInOldCronFolder, replaceFolderAtomically, writeTreeAtomically } from '../../src/write/index.js';

const work = mkdtempSync(join(tmpdir(), 'cronpack-write-'));
after(() => rmSync(work, { recursive: true, force: true }));

let count = 0;
/** A fresh folder to hold an output. */
function parent(): string {
  const dir = join(work, `case-${++count}`);
  mkdirSync(dir);
  return dir;
}

/** Every path below dir (symlinks not followed) with its content: what "nothing touched" means. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isSymbolicLink()) out[path] = `-> ${readlinkSync(join(dir, path))}`;
      else if (entry.isDirectory()) {
        out[`${path}/`] = '';
        walk(path);
      } else out[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return out;
}

const refuses = (pattern: RegExp) => (error: unknown) => error instanceof CronpackError && pattern.test(error.message) && !error.message.includes('\n');

test('the output is a symlink to a hidden version beside it, with a marker listing what cronpack wrote, sorted and dateless', async () => {
  const dir = join(parent(), 'cron.d');
  await writeTreeAtomically(dir, [{ path: 'b', content: 'B\n' }, { path: 'a/x', content: 'X\n', mode: 0o755 }]);
  assert.ok(lstatSync(dir).isSymbolicLink());
  assert.match(readlinkSync(dir), /^\.cron\.d\.cronpack-\d+-[0-9a-f]{8}$/, 'relative: the output folder can be moved as a whole');
  const marker = readFileSync(join(dir, outputMarkerName), 'utf8');
  assert.deepEqual(JSON.parse(marker).entries, ['a/x', 'b']);
  assert.equal(lstatSync(join(dir, 'a/x')).mode & 0o777, 0o755);

  const first = readlinkSync(dir);
  await writeTreeAtomically(dir, [{ path: 'b', content: 'B\n' }, { path: 'a/x', content: 'X\n', mode: 0o755 }]);
  assert.notEqual(readlinkSync(dir), first, 'a new version');
  assert.equal(readFileSync(join(dir, outputMarkerName), 'utf8'), marker, 'the same files give the same marker, byte for byte');
  assert.deepEqual(readdirSync(join(dir, '..')).sort(), [readlinkSync(dir), 'cron.d'].sort(), 'the previous version is removed');
});

test('refused, nothing touched: a file, a symlink cronpack did not make, a folder of other files, an unlisted file in a version, a bad marker', async () => {
  const cases: Array<[string, (dir: string) => void, RegExp]> = [
    ['a file', (dir) => writeFileSync(dir, 'mine'), /^refusing to replace .*\/out: it is a file, not a folder cronpack wrote/],
    ['a file above', (dir) => writeFileSync(join(dir, '..'), 'mine'), /^cannot write .*\/up\/out: .*\/up is in the way, a file where a folder must be/],
    ['a symlink elsewhere', (dir) => symlinkSync('/etc', dir), /^refusing to replace .*\/out: it is a symlink to \/etc, which cronpack did not make/],
    ['a folder of other files', (dir) => (mkdirSync(dir), writeFileSync(join(dir, 'e2scrub_all'), 'x'), writeFileSync(join(dir, '.placeholder'), '')), /^refusing to replace .*\/out: it holds files cronpack did not write \(\.placeholder, e2scrub_all\)/],
    ['many other files', (dir) => (mkdirSync(dir), ['a', 'b', 'c', 'd', 'e'].forEach((n) => writeFileSync(join(dir, n), n))), /\(a, b, c and 2 more\)/],
    ['a bad marker', (dir) => (mkdirSync(dir), writeFileSync(join(dir, outputMarkerName), '{"entries": 3}')), /^refusing to replace .*\/out: its \.cronpack-output\.json is not one cronpack wrote/],
  ];
  for (const [name, arrange, pattern] of cases) {
    const base = parent();
    const dir = join(base, name === 'a file above' ? 'up/out' : 'out');
    arrange(dir);
    const before = snapshot(base);
    let filled = false;
    await assert.rejects(replaceFolderAtomically(dir, async () => void (filled = true)), refuses(pattern), name);
    assert.throws(() => checkOutputFolder(dir), refuses(pattern), `${name}: checked alone`);
    assert.equal(filled, false, `${name}: refused before any work`);
    assert.deepEqual(snapshot(base), before, `${name}: nothing touched`);
  }

  // A file added by hand into cronpack's own output is not cronpack's to remove.
  const dir = join(parent(), 'out');
  await writeTreeAtomically(dir, [{ path: 'ours', content: '1' }, { path: 'sub/ours', content: '2' }]);
  writeFileSync(join(dir, 'sub', 'notes'), 'mine');
  const before = snapshot(join(dir, '..'));
  await assert.rejects(writeTreeAtomically(dir, []), refuses(/^refusing to replace .*\/out: it holds files cronpack did not write \(sub\/notes\)/));
  assert.deepEqual(snapshot(join(dir, '..')), before);
});

test('an empty folder, a dangling link of ours, and an older cronpack\'s output (no marker) are replaced', async () => {
  const empty = join(parent(), 'out');
  mkdirSync(empty);
  await writeTreeAtomically(empty, [{ path: 'f', content: 'new' }]);
  assert.equal(readFileSync(join(empty, 'f'), 'utf8'), 'new');
  assert.deepEqual(readdirSync(join(empty, '..')).length, 2, 'the link and its version; the old empty folder is gone');

  const dangling = join(parent(), 'out');
  symlinkSync('.out.cronpack-1-0000abcd', dangling);
  await writeTreeAtomically(dangling, [{ path: 'f', content: 'new' }]);
  assert.equal(readFileSync(join(dangling, 'f'), 'utf8'), 'new');

  // build's cron.d from before markers: migrated.
  const old = join(parent(), 'cron.d');
  mkdirSync(old);
  writeFileSync(join(old, 'acme-a'), '# /etc/cron.d/acme-a\n# Generated by cronpack 0.1.0 from git 1234. Do not edit:\n');
  await writeTreeAtomically(old, [{ path: 'acme-b', content: 'b' }], { foreignInUnmarkedOutput: foreignInOldCronFolder });
  assert.ok(lstatSync(old).isSymbolicLink());
  assert.deepEqual(readdirSync(old), [outputMarkerName, 'acme-b']);
  assert.deepEqual(readdirSync(join(old, '..')).length, 2, 'the old folder is removed after the swap');
});

test('an older cronpack\'s cron.d is told apart from other cron files, and /etc/cron.d never passes for one', () => {
  const dir = join(parent(), 'cron.d');
  mkdirSync(dir);
  writeFileSync(join(dir, 'acme-a'), '# /etc/cron.d/acme-a\n# Generated by cronpack 0.1.0. Do not edit:\n');
  writeFileSync(join(dir, 'renamed'), '# /etc/cron.d/acme-a\n# Generated by cronpack 0.1.0. Do not edit:\n');
  writeFileSync(join(dir, 'e2scrub_all'), '30 3 * * 0 root test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron\n');
  mkdirSync(join(dir, 'sub'));
  assert.deepEqual(foreignInOldCronFolder(dir, ['acme-a', 'e2scrub_all', 'renamed', 'sub']), ['e2scrub_all', 'renamed', 'sub']);
  if (existsSync('/etc/cron.d')) assert.deepEqual(foreignInOldCronFolder('/etc/cron.d', ['x']), ['x']);
});

test('a failing fill leaves the previous output as it was and no folder beside it', async () => {
  const dir = join(parent(), 'out');
  await writeTreeAtomically(dir, [{ path: 'f', content: 'old' }]);
  const before = snapshot(join(dir, '..'));
  await assert.rejects(
    replaceFolderAtomically(dir, async (temp) => {
      writeFileSync(join(temp, 'half'), 'x');
      throw new Error('disk full (simulated)');
    }),
    refuses(/^cannot write .*\/out: disk full \(simulated\)$/),
  );
  assert.deepEqual(snapshot(join(dir, '..')), before);
});

/** The pid of a process that has ended, and one that still runs (stopped by the caller). */
async function deadAndLivePids(): Promise<{ dead: number; live: ReturnType<typeof spawn> }> {
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await new Promise((resolve) => live.once('spawn', resolve));
  return { dead: Number(dead.stdout), live };
}

test('what a killed run left is removed by the next run; a live run\'s folder, the current version and other names stay', async () => {
  const { dead, live } = await deadAndLivePids();
  try {
    const base = parent();
    const dir = join(base, 'out');
    await writeTreeAtomically(dir, [{ path: 'f', content: 'v1' }]);
    const current = readlinkSync(dir);
    const leftovers = [`.out.cronpack-${dead}-0123abcd`, `.out.cronpack-${dead}-4567abcd.link`, `.out.tmp-${dead}`, `.out.old-${dead}`];
    const kept = [`.out.cronpack-${live.pid}-89abcdef`, `.out.tmp-${live.pid}`, '.out.backup', 'other'];
    for (const name of [...leftovers, ...kept]) {
      mkdirSync(join(base, name));
      writeFileSync(join(base, name, 'half'), 'x');
    }
    await writeTreeAtomically(dir, [{ path: 'f', content: 'v2' }]);
    assert.equal(readFileSync(join(dir, 'f'), 'utf8'), 'v2');
    assert.deepEqual(readdirSync(base).sort(), [readlinkSync(dir), ...kept, 'out'].sort());
    assert.ok(!readdirSync(base).includes(current), 'the previous version went with the swap');
  } finally {
    live.kill();
  }
});

test('in one process: a version of ours that another run left behind is removed, a write of ours in flight is not', async () => {
  const base = parent();
  const dir = join(base, 'out');
  // What an earlier build of this process made, left when another process was SIGKILLed right after its swap.
  const ours = `.out.cronpack-${process.pid}-0badcafe`;
  mkdirSync(join(base, ours));
  let release = (): void => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let inFlight = '';
  const slow = replaceFolderAtomically(join(base, 'other'), async (temp) => {
    inFlight = temp;
    writeFileSync(join(temp, 'f'), 'slow');
    await held;
  });
  while (inFlight === '') await new Promise((resolve) => setImmediate(resolve));
  // A write beside the in-flight one, into the same parent: its leftover sweep runs now.
  await writeTreeAtomically(join(base, 'other'), [{ path: 'f', content: 'fast' }]);
  assert.ok(readdirSync(base).includes(basename(inFlight)), 'the in-flight version of this process stays');
  release();
  await slow;
  await writeTreeAtomically(dir, [{ path: 'f', content: 'v1' }]);
  assert.ok(!readdirSync(base).includes(ours), 'the version this process made and no longer writes is removed');
});

test('a real folder left by an older cronpack killed between its two renames: the next run writes the output again', async () => {
  const { dead } = await deadAndLivePids().then(({ dead, live }) => (live.kill(), { dead }));
  const base = parent();
  const dir = join(base, 'cron.d');
  mkdirSync(join(base, `.cron.d.old-${dead}`));
  writeFileSync(join(base, `.cron.d.old-${dead}`, 'acme-a'), 'old');
  await writeTreeAtomically(dir, [{ path: 'acme-a', content: 'new' }]);
  assert.equal(readFileSync(join(dir, 'acme-a'), 'utf8'), 'new');
  assert.deepEqual(readdirSync(base).sort(), [readlinkSync(dir), 'cron.d'].sort());
});

test('in a program with its own SIGTERM handler: the write stops, the previous output stays, the program lives on and its handlers stay', async () => {
  const dir = join(parent(), 'out');
  await writeTreeAtomically(dir, [{ path: 'f', content: 'old' }]);
  const before = snapshot(join(dir, '..'));
  let hostSaw = 0;
  const host = (): void => void hostSaw++;
  process.on('SIGTERM', host);
  try {
    await assert.rejects(
      replaceFolderAtomically(dir, async (temp) => {
        writeFileSync(join(temp, 'f'), 'new');
        process.kill(process.pid, 'SIGTERM');
      }),
      refuses(/^interrupted; .*\/out is left as it was$/),
    );
    assert.equal(hostSaw, 1);
    assert.deepEqual(snapshot(join(dir, '..')), before);
    assert.deepEqual(process.listeners('SIGTERM'), [host], 'cronpack\'s handlers are gone');
    assert.equal(process.listenerCount('SIGINT'), 0);
  } finally {
    process.removeListener('SIGTERM', host);
  }
});
