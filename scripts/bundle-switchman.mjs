#!/usr/bin/env node
// Bundles switchman's runtime (src/switchman/main.ts and node-zookeeper-client) into one
// self-contained CommonJS file for Node 18+ (Debian 12's nodejs): dist/switchman.cjs.
// Usage: node scripts/bundle-switchman.mjs [--outfile PATH] [--quiet]
import { chmodSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function bundleSwitchman(outfile = join(root, 'dist', 'switchman.cjs')) {
  mkdirSync(dirname(outfile), { recursive: true });
  // Write beside the target and rename, so a concurrent reader never sees half a file.
  const temp = `${outfile}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [join(root, 'src', 'switchman', 'main.ts')],
    outfile: temp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    // Smaller is faster to load: node parses the whole file on every cron run.
    minify: true,
    logLevel: 'warning',
    metafile: true,
    // node-zookeeper-client uses 3 functions of each: small stand-ins halve the bundle.
    alias: {
      async: join(root, 'src', 'switchman', 'shims', 'async.ts'),
      underscore: join(root, 'src', 'switchman', 'shims', 'underscore.ts'),
    },
  });
  chmodSync(temp, 0o755);
  renameSync(temp, outfile);
  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
  return { outfile, bytes };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--outfile');
  const outfile = at >= 0 && args[at + 1] ? resolve(args[at + 1]) : undefined;
  const { outfile: written, bytes } = await bundleSwitchman(outfile);
  if (!args.includes('--quiet')) console.log(`switchman bundle: ${written} (${Math.round(bytes / 1024)} KiB)`);
}
