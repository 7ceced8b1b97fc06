#!/usr/bin/env node
// Bundles switchman's runtime (src/switchman/main.ts and node-zookeeper-client) into one
// self-contained CommonJS file for Node 18+ (Debian 12's nodejs): dist/switchman.cjs.
// Beside it, switchman.THIRD-PARTY-NOTICES: the licences of the npm packages it contains
// (scripts/third-party-notices.mjs, from esbuild's metafile).
// Usage: node scripts/bundle-switchman.mjs [--outfile PATH] [--quiet]
import { chmodSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The one flag switchman's node starts with (a shebang passes one argument). Node 18 and 20
 * start an inspector on SIGUSR1 until switchman's prologue listens for it; this address (TEST-NET-1,
 * RFC 5737, never a local address) makes that inspector fail to bind, so nobody ever gets a
 * debugger into a root process. debian/rules keeps the flag when it points the shebang at
 * /usr/bin/node.
 */
export const NODE_FLAG = '--inspect-port=192.0.2.1:9229';

function packageVersion() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

/** src/switchman/prologue.cjs, to run before anything else in the bundle. */
function prologue() {
  return readFileSync(join(root, 'src', 'switchman', 'prologue.cjs'), 'utf8');
}

/** The notices file beside a bundle: dist/switchman.cjs -> dist/switchman.THIRD-PARTY-NOTICES. */
export function noticesPathFor(outfile) {
  return join(dirname(outfile), `${basename(outfile).replace(/\.c?js$/, '')}.THIRD-PARTY-NOTICES`);
}

/** esbuild's options for the switchman bundle written to `outfile`. */
export function switchmanBuildOptions(outfile) {
  return {
    absWorkingDir: root,
    entryPoints: [join(root, 'src', 'switchman', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: {
      js: `#!/usr/bin/env -S node ${NODE_FLAG}\n// switchman (cronpack): MIT licence. Contains npm packages under their own licences: see switchman.THIRD-PARTY-NOTICES beside this file (Debian: /usr/share/doc/switchman/THIRD-PARTY-NOTICES).\n${prologue()}`,
    },
    // The notices go whole into THIRD-PARTY-NOTICES, not piecemeal into the code.
    legalComments: 'none',
    // Smaller is faster to load: node parses the whole file on every cron run.
    minify: true,
    logLevel: 'warning',
    metafile: true,
    // One version for both parts: package.json's, fixed when the bundle is made.
    define: { __SWITCHMAN_VERSION__: JSON.stringify(packageVersion()) },
    // node-zookeeper-client uses 3 functions of each: small stand-ins halve the bundle.
    alias: {
      async: join(root, 'src', 'switchman', 'shims', 'async.ts'),
      underscore: join(root, 'src', 'switchman', 'shims', 'underscore.ts'),
    },
  };
}

export async function bundleSwitchman(outfile = join(root, 'dist', 'switchman.cjs')) {
  mkdirSync(dirname(outfile), { recursive: true });
  // Write beside the target and rename, so a concurrent reader never sees half a file.
  const temp = `${outfile}.${process.pid}.tmp`;
  const result = await build({ ...switchmanBuildOptions(temp), outfile: temp });
  // Imported here, not at the top: third-party-notices.mjs imports this file for switchmanBuildOptions().
  const { writeNotices } = await import('./third-party-notices.mjs');
  const notices = noticesPathFor(outfile);
  const packages = writeNotices(result.metafile, notices, { bundle: 'the switchman bundle', installedAs: `${basename(outfile)} (/usr/share/switchman/switchman.cjs on Debian, run by /usr/bin/switchman)` });
  chmodSync(temp, 0o755);
  renameSync(temp, outfile);
  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
  return { outfile, bytes, notices, packages };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--outfile');
  const outfile = at >= 0 && args[at + 1] ? resolve(args[at + 1]) : undefined;
  const { outfile: written, bytes } = await bundleSwitchman(outfile);
  if (!args.includes('--quiet')) console.log(`switchman bundle: ${written} (${Math.round(bytes / 1024)} KiB)`);
}
