/**
 * Small helpers for text meant for a terminal: ANSI styles, safe rendering of
 * control characters, and display widths. Pure; no dependency on the environment.
 */

import { eastAsianWidth } from 'get-east-asian-width';

export type Style = (text: string) => string;

export interface Palette {
  red: Style;
  yellow: Style;
  dim: Style;
  bold: Style;
  underline: Style;
}

const identity: Style = (text) => text;

function sgr(open: number, close: number): Style {
  return (text) => (text === '' ? '' : `\u001b[${open}m${text}\u001b[${close}m`);
}

const ansi: Palette = {
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
  underline: sgr(4, 24),
};

const plain: Palette = { red: identity, yellow: identity, dim: identity, bold: identity, underline: identity };

/** ANSI styles when enabled, identity functions otherwise (so no escape code can leak into plain output). */
export function palette(enabled: boolean): Palette {
  return enabled ? ansi : plain;
}

/** One code point as shown in a terminal. */
export interface Cell {
  text: string;
  /** Terminal columns taken by `text`. */
  width: number;
}

const REPLACEMENT = '\uFFFD';

/** Zero-width code points: combining and enclosing marks, and format characters (zero-width space, joiners). */
const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/**
 * How one code point is shown: a tab becomes `tabWidth` spaces; C0 controls and DEL
 * become their visible Control Pictures (U+2400..), so a stray ESC or CR from a
 * scanned file cannot drive the terminal; C1 controls, lone surrogates and bidi
 * overrides ("Trojan Source") become U+FFFD.
 */
export function renderCodePoint(cp: number, tabWidth: number): Cell {
  if (cp === 0x09) return { text: ' '.repeat(tabWidth), width: tabWidth };
  if (cp < 0x20) return { text: String.fromCharCode(0x2400 + cp), width: 1 };
  if (cp === 0x7f) return { text: '\u2421', width: 1 };
  if (
    (cp >= 0x80 && cp <= 0x9f) ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069)
  ) {
    return { text: REPLACEMENT, width: 1 };
  }
  const text = String.fromCodePoint(cp);
  if (zeroWidth.test(text)) return { text, width: 0 };
  return { text, width: eastAsianWidth(cp) };
}

/** Makes a single-line, terminal-safe version of arbitrary text (a tab becomes one space). */
export function sanitizeText(text: string): string {
  let out = '';
  for (const ch of text) out += renderCodePoint(ch.codePointAt(0) ?? 0, 1).text;
  return out;
}

/** Terminal columns taken by text without escape codes (see {@link renderCodePoint}). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += renderCodePoint(ch.codePointAt(0) ?? 0, 1).width;
  return width;
}

/** Pads with spaces on the right to `width` terminal columns. */
export function padEndDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Pads with spaces on the left to `width` terminal columns. */
export function padStartDisplay(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
