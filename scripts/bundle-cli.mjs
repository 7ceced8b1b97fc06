#!/usr/bin/env node
// Bundles the cronpack CLI into dist/bundle/ with esbuild: one file to load instead of
// hundreds of modules, which halves start-up (it matters for a pre-commit hook).
// Commands load their heavy parts with import(), kept as separate chunks by splitting.
// dist/bundle/ sits two levels below the root, like src/cli/, so version.ts finds package.json.
import { build } from 'esbuild';

await build({
  entryPoints: { cronpack: 'src/cli/bin.ts' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Bundled CommonJS dependencies call require(); give ESM output one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
