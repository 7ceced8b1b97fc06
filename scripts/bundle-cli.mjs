#!/usr/bin/env node
// Bundles the cronpack CLI into dist/bundle/ with esbuild: one file to load instead of
// hundreds of modules, which halves start-up (it matters for a pre-commit hook).
// Commands load their heavy parts with import(), kept as separate chunks by splitting.
// Target: node 18, Debian 12's own nodejs, which the cronpack .deb depends on
// (test/package/cronpack-node18.test.ts runs the packaged bundle under it). esbuild refuses
// syntax node 18 lacks; library calls are not polyfilled, so none newer than node 18 may be used.
// Beside the bundle: THIRD-PARTY-NOTICES, the licences of the npm packages it contains
// (scripts/third-party-notices.mjs, from esbuild's metafile).
// Usage: node scripts/bundle-cli.mjs [--outdir DIR]
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** esbuild's options for the CLI bundle written into `outdir`. */
export function cliBuildOptions(outdir) {
  return {
    absWorkingDir: root,
    entryPoints: { cronpack: join(root, 'src', 'cli', 'bin.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // Prefer ESM builds: jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow.
    mainFields: ['module', 'main'],
    target: 'node18',
    // Bundled CommonJS dependencies call require(); give ESM output one.
    banner: {
      js:
        "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);\n" +
        '// cronpack: MIT licence. Contains npm packages under their own licences: see THIRD-PARTY-NOTICES beside this file (Debian: /usr/share/doc/cronpack/).',
    },
    chunkNames: 'chunks/[name]-[hash]',
    // The notices go whole into THIRD-PARTY-NOTICES, not piecemeal into the code.
    legalComments: 'none',
    define: { __CRONPACK_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
    metafile: true,
  };
}

/**
 * Bundles into a fresh folder and puts it in place of `outdir`, so that chunks of an older
 * build never linger beside the new ones (dist/bundle/ is copied whole into the .deb).
 */
export async function bundleCli(outdir = join(root, 'dist', 'bundle')) {
  const temp = `${outdir}.tmp-${process.pid}`;
  const old = `${outdir}.old-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  const result = await build(cliBuildOptions(temp));
  // Imported here, not at the top: third-party-notices.mjs imports this file for cliBuildOptions().
  const { writeNotices } = await import('./third-party-notices.mjs');
  const packages = writeNotices(result.metafile, join(temp, 'THIRD-PARTY-NOTICES'), {
    bundle: 'the cronpack bundle',
    installedAs: 'cronpack.mjs (with its chunks/)',
  });
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(temp, outdir);
  rmSync(old, { recursive: true, force: true });
  return { outdir, packages };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--outdir');
  await bundleCli(at >= 0 && args[at + 1] ? resolve(args[at + 1]) : undefined);
}
