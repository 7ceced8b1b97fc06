import { posix } from 'node:path';

import type { Language } from '../core/language.js';

export type { Language };

const byExtension: Readonly<Record<string, Language>> = {
  '.pl': 'perl', '.pm': 'perl', '.t': 'perl', '.cgi': 'perl', '.pod': 'perl',
  '.sh': 'shell', '.bash': 'shell', '.ksh': 'shell', '.zsh': 'shell', '.dash': 'shell',
  '.py': 'python',
  '.rb': 'ruby',
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
  '.php': 'php',
};

const byInterpreter: ReadonlyArray<readonly [RegExp, Language]> = [
  [/^perl/, 'perl'],
  [/^(?:sh|bash|dash|ksh|mksh|zsh|busybox)$/, 'shell'],
  [/^python/, 'python'],
  [/^ruby/, 'ruby'],
  [/^(?:node|nodejs|bun)$/, 'javascript'],
  [/^(?:tsx|ts-node|deno)$/, 'typescript'],
  [/^php/, 'php'],
];

/** Language by extension, then by the shebang's interpreter (also through `env [-S] NAME`). */
export function detectLanguage(path: string, firstLine: string): Language | undefined {
  const ext = posix.extname(path).toLowerCase();
  const fromExt = byExtension[ext];
  if (fromExt) return fromExt;
  if (!firstLine.startsWith('#!')) return undefined;
  const words = firstLine.slice(2).trim().split(/\s+/);
  let interpreter = posix.basename(words[0] ?? '');
  if (interpreter === 'env') {
    interpreter = posix.basename(words.slice(1).find((w) => !w.startsWith('-')) ?? '');
  }
  for (const [pattern, language] of byInterpreter) {
    if (pattern.test(interpreter)) return language;
  }
  return undefined;
}
