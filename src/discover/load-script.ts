import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/report.js';
import type { ScriptSource } from '../model/types.js';

const metadataMarker = Buffer.from('METADATA');
/** The marker in UTF-16, either byte order: such a file would have been a script, had it been UTF-8. */
const utf16Markers = [Buffer.from('METADATA', 'utf16le'), Buffer.from('METADATA', 'utf16le').swap16()];
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
    length += read;
    // Discovery lists regular files, whose read comes up short only at the end: no second read to see 0.
    if (read === 0 || length < buffer.length) return buffer.subarray(0, length);
  }
}

/** Opens a file, or undefined when it went away since discovery listed it: nothing left to check. */
function openIfThere(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * Reads a candidate script. Returns undefined for binary files and for files
 * that cannot hold a METADATA section (most of a repository), before decoding.
 * A UTF-16 file with METADATA looks binary (NUL bytes): it is skipped too, but
 * with a warning pushed to `skipped`, since its author meant it to be a script.
 * Synchronous on purpose: for thousands of small files it is several times
 * faster than the promise API, and the CLI has nothing else to do meanwhile.
 */
export function loadScript(root: string, path: string, skipped?: Diagnostic[]): ScriptSource | undefined {
  // Not join() for discovery's normalised relative paths: its normalising costs several µs a file.
  const fd = openIfThere(path.includes('..') ? join(root, path) : `${root}/${path}`);
  if (fd === undefined) return undefined;
  try {
    const bytes = readAll(fd);
    // Most files are shorter than the probe: no view of its first bytes needed.
    if ((bytes.length > binaryProbeBytes ? bytes.subarray(0, binaryProbeBytes) : bytes).includes(0)) {
      if (skipped && utf16Markers.some((marker) => bytes.includes(marker))) {
        skipped.push(createDiagnostic(path, { messageId: 'utf16File', loc: { line: 1, column: 1 } }));
      }
      return undefined;
    }
    if (!bytes.includes(metadataMarker)) return undefined;
    return { path, text: bytes.toString('utf8'), mode: fstatSync(fd).mode & 0o7777 };
  } finally {
    closeSync(fd);
  }
}
