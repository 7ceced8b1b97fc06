// Compiles switchman's native launcher (src/switchman/launcher/switchman.c) for a test: the
// node and the script it starts are fixed at compile time, as debian/rules fixes them.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness.js';

export const LAUNCHER_SOURCE = join(ROOT, 'src', 'switchman', 'launcher', 'switchman.c');

/** Where this test process's launchers keep their start slots: never the host's /run/switchman. */
export const TEST_SLOTS_DIR = join(tmpdir(), `cronpack-start-slots-${process.pid}`);
process.once('exit', () => rmSync(TEST_SLOTS_DIR, { recursive: true, force: true }));

/** The launcher for this node and script, compiled once per source and paths (cached in the temp dir). */
export function compileLauncher(node: string, script: string, slotsDir = TEST_SLOTS_DIR, slotWaitMs?: number): string {
  const source = readFileSync(LAUNCHER_SOURCE);
  const key = createHash('sha256').update(source).update(`\0${node}\0${script}\0${slotsDir}\0${slotWaitMs ?? ''}`).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `cronpack-launcher-${key}`);
  const binary = join(dir, 'switchman');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const temp = `${binary}.${process.pid}.tmp`;
  // The flags Debian's dpkg-buildflags gives, and warnings as errors.
  const flags = ['-O2', '-Wall', '-Wextra', '-Werror', '-D_FORTIFY_SOURCE=2', '-fstack-protector-strong', '-Wformat', '-Werror=format-security'];
  const built = spawnSync('cc', [...flags, `-DSWITCHMAN_NODE=${JSON.stringify(node)}`, `-DSWITCHMAN_SCRIPT=${JSON.stringify(script)}`, `-DSWITCHMAN_SLOTS_DIR=${JSON.stringify(slotsDir)}`, ...(slotWaitMs === undefined ? [] : [`-DSLOT_WAIT_MS=${slotWaitMs}`]), '-o', temp, LAUNCHER_SOURCE], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`compiling the launcher failed:\n${built.stderr}`);
  renameSync(temp, binary);
  return binary;
}
