import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { ScriptSource } from '../types.js';

const metadataMarker = Buffer.from('METADATA');
/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
const binaryProbeBytes = 8000;
/** One reusable buffer: most scripts fit, so a file costs one open, one read and one close. */
let buffer = Buffer.allocUnsafe(1 << 16);

/** Reads the whole file into the shared buffer (growing it), and returns the bytes read. */
function readAll(fd: number): Buffer {
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger);
      buffer = bigger;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
  }
}

/**
 * Reads a candidate script. Returns undefined for binary files and for files
 * that cannot hold a METADATA section (most of a repository), before decoding.
 * Synchronous on purpose: for thousands of small files it is several times
 * faster than the promise API, and the CLI has nothing else to do meanwhile.
 */
export function loadScript(root: string, path: string): ScriptSource | undefined {
  const fd = openSync(join(root, path), 'r');
  try {
    const bytes = readAll(fd);
    if (bytes.subarray(0, binaryProbeBytes).includes(0)) return undefined;
    if (!bytes.includes(metadataMarker)) return undefined;
    return { path, text: bytes.toString('utf8'), mode: fstatSync(fd).mode & 0o7777 };
  } finally {
    closeSync(fd);
  }
}
