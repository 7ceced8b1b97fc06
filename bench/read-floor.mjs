// The floor of a whole-repository check in node: walk the folder given (or the current one)
// and read every file into one shared buffer, doing nothing else. check.bench.ts times it
// beside `cronpack check`, so a reader sees how much of check is node's own start, walk and reads.
// Plain JavaScript, run by node itself: tsx's start-up would raise the floor. readAll() is
// src/discover/load-script.ts's read loop on purpose (a copy, not an import): the floor must not
// load any of cronpack's modules.
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

let buffer = Buffer.allocUnsafe(1 << 16);
let files = 0;
let bytes = 0;

function readAll(path) {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      length += read;
      // As cronpack's loadScript: a regular file's read comes up short only at its end.
      if (read === 0 || length < buffer.length) return length;
    }
  } finally {
    closeSync(fd);
  }
}

function walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile()) {
      bytes += readAll(path);
      files++;
    }
  }
}

walk(process.argv[2] ?? '.');
if (process.argv.includes('--print')) console.log(`${files} files, ${bytes} bytes`);
