import { relative, resolve } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { packageDebs, type PackageDebsOptions } from '../../pipeline/package-debs.js';
import { exitCodes } from '../exit-codes.js';
import { gitSource } from '../git-source.js';
import type { CliIo } from '../io.js';
import { diagnosticsStream, printDiagnostics, type DiagnosticsOutput } from '../print-diagnostics.js';

export interface PackageCommandOptions extends DiagnosticsOutput {
  /** The output folder; default <config outDir>/deb. */
  out?: string;
  /** The Debian version; default the config's package.version. */
  version?: string;
  /** Also write DIR/debian/ for dpkg-buildpackage. */
  sourceTree: boolean;
  /** Where the packages come from, for the changelog; default "git <commit>". */
  source?: string;
}

/** CI sets CI=true (GitHub Actions, GitLab, and most others); pre-commit hooks have no TTY. */
function isCi(env: CliIo['env']): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** "3.2 KiB" */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * check → build → package: the .deb files (and their staging trees) in the
 * output folder, replaced atomically; on errors nothing is written. With
 * stylish diagnostics the .deb paths and sizes go to stdout, everything else
 * to stderr; with a machine format stdout holds only its document, and the
 * list goes to stderr.
 */
export async function runPackage(options: PackageCommandOptions, io: CliIo): Promise<number> {
  const root = io.cwd;
  const loaded = await loadConfig(root);
  const outDir = resolve(root, options.out ?? `${loaded.config.outDir}/deb`);
  // Progress only for a person watching: a TTY, outside CI.
  const showProgress = io.isStderrTTY && !isCi(io.env);
  let progressShown = false;
  const request: PackageDebsOptions = { root, config: loaded, outDir, sourceTree: options.sourceTree, env: io.env };
  const source = options.source ?? gitSource(root);
  if (source !== undefined) request.source = source;
  if (options.version !== undefined) request.version = options.version;
  if (showProgress) {
    request.onProgress = ({ done, total, package: name }) => {
      progressShown = true;
      io.stderr(`\r\x1b[2K[${done}/${total}] packaged ${name}`);
    };
  }
  let result;
  try {
    result = await packageDebs(request);
  } finally {
    if (progressShown) io.stderr('\r\x1b[2K');
  }
  const write = diagnosticsStream(options.format, io);
  const isTTY = write === io.stdout ? io.isStdoutTTY : io.isStderrTTY;
  const code = printDiagnostics(result.diagnostics, { ...options, filesChecked: result.filesChecked, isTTY }, io, write);
  if (code !== exitCodes.ok) {
    io.stderr('cronpack: nothing written; the previous output is left as it was.\n');
    return code;
  }
  // Relative to where the user is, unless that means climbing out of it.
  const shown = (path: string): string => {
    const rel = relative(io.cwd, path);
    return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
  };
  const sizes = result.debs.map((deb) => formatSize(deb.size));
  const width = Math.max(0, ...sizes.map((size) => size.length));
  const list = write === io.stdout ? io.stderr : io.stdout;
  result.debs.forEach((deb, i) => list(`${sizes[i]!.padStart(width)}  ${shown(deb.path)}\n`));
  if (result.sourceTree !== undefined) io.stderr(`debian/ for dpkg-buildpackage: ${shown(result.sourceTree)} (copy it to the repository root)\n`);
  io.stderr(`✔ ${result.debs.length} packages in ${shown(outDir)}.\n`);
  return exitCodes.ok;
}
