#!/usr/bin/env node
// Bundles the cronpack CLI into dist/bundle/ with esbuild: one file to load instead of
// hundreds of modules, which halves start-up (it matters for a pre-commit hook).
// Commands load their heavy parts with import(), kept as separate chunks by splitting.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { cronpack: 'src/cli/bin.ts' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Prefer ESM builds: jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  // Bundled CommonJS dependencies call require(); give ESM output one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  define: { __CRONPACK_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});
