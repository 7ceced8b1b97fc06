import { isUtf8 } from 'node:buffer';
import { maxNameBytes, maxPathBytes } from '../text/absolute-path.js';

export { maxPathBytes };

/** How many bytes the UTF-8 sequence at `at` has, or 0 when it is not valid UTF-8. */
function sequenceLength(bytes: Buffer, at: number): number {
  const lead = bytes[at]!;
  const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
  return length > 0 && at + length <= bytes.length && isUtf8(bytes.subarray(at, at + length)) ? length : 0;
}

/** A file name that is not UTF-8, readable and unambiguous: the bytes that are not UTF-8 as \xNN (as `ls -b` shows them). */
export function escapeFileName(bytes: Buffer): string {
  let text = '';
  for (let at = 0; at < bytes.length; ) {
    const length = sequenceLength(bytes, at);
    if (length === 0) {
      text += `\\x${bytes[at]!.toString(16).padStart(2, '0')}`;
      at += 1;
    } else {
      text += bytes.toString('utf8', at, at + length);
      at += length;
    }
  }
  return text;
}

/** Why a path is too long to open, or undefined when it is not. */
export function pathTooLongReason(absolute: string): string | undefined {
  const bytes = Buffer.byteLength(absolute);
  if (bytes > maxPathBytes) return `it is ${bytes} bytes long, and the system opens paths of at most ${maxPathBytes}`;
  const longest = Math.max(...absolute.split('/').map((name) => Buffer.byteLength(name)));
  if (longest > maxNameBytes) return `one of its names is ${longest} bytes long, and the system allows at most ${maxNameBytes}`;
  return undefined;
}

/** A path for a one-line message: a very long one keeps its start and end. */
export function shortPath(path: string, maxChars = 160): string {
  if (path.length <= maxChars) return path;
  const half = Math.floor((maxChars - 1) / 2);
  return `${path.slice(0, half)}…${path.slice(-half)} (${path.length} characters)`;
}

/** The system's words for an I/O error ("permission denied"), without the code and the path Node adds. */
export function errorReason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const words = /^[A-Z]+: ([^,]+)/.exec(message ?? '')?.[1];
  return words ?? code ?? String(error);
}
