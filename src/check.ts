import { resolve } from 'node:path';
import { compareDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import { createDiagnostic } from './diagnostics/report.js';
import { discoverScripts, loadScript } from './discover/index.js';
import { checkScript } from './check-script.js';
import type { Job } from './types.js';

/** The part of the cronpack config that check reads. */
export interface CheckConfig {
  include?: string[];
  exclude?: string[];
}

export interface CheckOptions {
  /** Repository root; diagnostics name files relative to it. */
  root: string;
  /** Limit the check to these files or folders (relative to cwd, or absolute). */
  paths?: string[];
  config?: CheckConfig;
  cwd?: string;
}

export interface CheckResult {
  jobs: Job[];
  diagnostics: Diagnostic[];
  /** How many files were looked at. */
  filesChecked: number;
}

/** discover → extract → parse → validate over a repository (or the given paths). */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const root = resolve(options.root);
  const paths = await discoverScripts(root, {
    include: options.config?.include,
    exclude: options.config?.exclude,
    paths: options.paths,
    cwd: options.cwd,
  });
  const jobs: Job[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    let result;
    try {
      const source = loadScript(root, path);
      if (!source) continue;
      result = checkScript(source);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      result = { jobs: [], diagnostics: [createDiagnostic(path, { messageId: 'unreadableFile', loc: { line: 1, column: 1 }, data: { reason } })] };
    }
    jobs.push(...result.jobs);
    diagnostics.push(...result.diagnostics);
  }
  jobs.sort((a, b) => (a.script < b.script ? -1 : a.script > b.script ? 1 : a.block.span.line - b.block.span.line));
  return { jobs, diagnostics: diagnostics.sort(compareDiagnostics), filesChecked: paths.length };
}
