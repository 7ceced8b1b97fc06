import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScriptSource } from '../types.js';

const metadataMarker = Buffer.from('METADATA');
/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
const binaryProbeBytes = 8000;

/**
 * Reads a candidate script. Returns undefined for binary files and for files
 * that cannot hold a METADATA section (most of a repository), before decoding.
 */
export async function loadScript(root: string, path: string): Promise<ScriptSource | undefined> {
  const handle = await open(join(root, path), 'r');
  try {
    const [bytes, info] = await Promise.all([handle.readFile(), handle.stat()]);
    if (bytes.subarray(0, binaryProbeBytes).includes(0)) return undefined;
    if (!bytes.includes(metadataMarker)) return undefined;
    return { path, text: bytes.toString('utf8'), mode: info.mode & 0o7777 };
  } finally {
    await handle.close();
  }
}
