import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { CronpackError } from '../core/errors.js';
import { conventionalFileName, type Packager } from '../package/packager.js';
import type { DebPackagePlan } from '../package/plan-types.js';
import { writeStagingTree } from './staging-tree.js';

export interface DpkgDebPackagerOptions {
  /** The dpkg-deb to run; default "dpkg-deb" from PATH. */
  command?: string;
  /** The environment dpkg-deb runs in (its PATH finds the command and tar); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

interface Run {
  stdout: string;
  stderr: string;
}

const installHint = 'install it with "apt-get install dpkg" (Debian, Ubuntu) or "brew install dpkg" (macOS)';

/**
 * Builds each package with `dpkg-deb --build --root-owner-group` from a
 * staging tree at <outDir>/tree/<package>/ (kept: it is part of the output).
 * Reproducible: the tree has fixed modes and mtimes, dpkg-deb sorts entries,
 * sets owner root:root, clamps mtimes and dates the ar members with
 * SOURCE_DATE_EPOCH, and xz runs single-threaded (its output does not then
 * depend on the machine's core count).
 */
export class DpkgDebPackager implements Packager {
  private readonly command: string;
  private readonly env: Readonly<Record<string, string | undefined>>;

  constructor(options: DpkgDebPackagerOptions = {}) {
    this.command = options.command ?? 'dpkg-deb';
    this.env = options.env ?? process.env;
  }

  fileName(plan: DebPackagePlan): string {
    return conventionalFileName(plan);
  }

  private run(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.env)) {
      // The compressor settings are ours to choose: a caller's DPKG_DEB_* must not change the bytes.
      if (value !== undefined && !name.startsWith('DPKG_DEB_')) env[name] = value;
    }
    Object.assign(env, { LC_ALL: 'C', DPKG_COLORS: 'never' }, extraEnv);
    return new Promise((resolve, reject) => {
      execFile(this.command, args, { env, encoding: 'utf8', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          reject(new CronpackError(`cannot run ${this.command}: not found on PATH; "cronpack package" builds .deb files with dpkg-deb, ${installHint}`, { cause: error }));
        } else if (code === 'EACCES') {
          reject(new CronpackError(`cannot run ${this.command}: permission denied`, { cause: error }));
        } else {
          const detail = stderr.trim().split('\n').filter((line) => line !== '').slice(-3).join(' / ') || error.message;
          reject(new CronpackError(`${this.command} ${args.filter((arg) => arg.startsWith('--')).join(' ')} failed: ${detail}`, { cause: error }));
        }
      });
    });
  }

  async ensureAvailable(): Promise<void> {
    await this.run(['--version']);
  }

  async build(plan: DebPackagePlan, outDir: string): Promise<string> {
    const tree = join(outDir, 'tree', plan.name);
    await writeStagingTree(plan, tree);
    const deb = join(outDir, this.fileName(plan));
    await this.run(['--root-owner-group', '-Zxz', '-z6', '--build', tree, deb], {
      SOURCE_DATE_EPOCH: String(plan.mtime),
      DPKG_DEB_THREADS_MAX: '1',
    });
    return deb;
  }
}
