import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/report.js';
import type { CheckConfig } from '../check.js';

export interface LoadedConfig {
  config: CheckConfig;
  /** Where it came from, repo-relative; undefined when running on defaults. */
  file?: string;
  diagnostics: Diagnostic[];
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** 1-based line and column of a UTF-16 offset. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function parseJson(file: string, text: string): { value?: unknown; diagnostics: Diagnostic[] } {
  try {
    return { value: JSON.parse(text) as unknown, diagnostics: [] };
  } catch (error) {
    const message = (error as Error).message;
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    return {
      diagnostics: [createDiagnostic(file, { messageId: 'configInvalidJson', loc: positionAt(text, offset), data: { reason: message } })],
    };
  }
}

/** cronpack.config.json, else the "cronpack" key of package.json, else defaults. */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const own = await readIfExists(join(root, 'cronpack.config.json'));
  if (own !== undefined) {
    const { value, diagnostics } = parseJson('cronpack.config.json', own);
    return { config: (value ?? {}) as CheckConfig, file: 'cronpack.config.json', diagnostics };
  }
  const pkg = await readIfExists(join(root, 'package.json'));
  if (pkg !== undefined) {
    const { value, diagnostics } = parseJson('package.json', pkg);
    const section = (value as { cronpack?: CheckConfig } | undefined)?.cronpack;
    return { config: section ?? {}, file: section ? 'package.json' : undefined, diagnostics };
  }
  return { config: {}, diagnostics: [] };
}
