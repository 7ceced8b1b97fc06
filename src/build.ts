import { resolve } from 'node:path';
import { check } from './check.js';
import { loadConfig, type LoadedConfig } from './config/index.js';
import { compareDiagnostics, countBySeverity, type Diagnostic } from './diagnostics/diagnostic.js';
import { createDiagnostic } from './diagnostics/report.js';
import { planCronFiles, type CronFilePlan } from './plan/index.js';
import { checkCronFile, renderCronFile, renderEnvLine } from './render/index.js';
import type { Job } from './types.js';

export interface BuildOptions {
  root: string;
  /** A loaded config; by default the root's cronpack.config.json / package.json. */
  config?: LoadedConfig;
  /** Named in each file's header, e.g. "git 1a2b3c4". */
  source?: string;
  /** cronpack's version for the header. */
  version: string;
}

export interface BuiltFile {
  /** Path below the output folder, e.g. "cron.d/myproject-scripts1". */
  path: string;
  content: string;
  plan: CronFilePlan;
}

export interface BuildResult {
  /** Empty whenever there is any error: nothing half-right is ever handed out. */
  files: BuiltFile[];
  jobs: Job[];
  diagnostics: Diagnostic[];
  filesChecked: number;
}

/** MAILTO then the config's env, each written so that cron reads the value back unchanged. */
function renderEnv(loaded: LoadedConfig): { lines: string[]; diagnostics: Diagnostic[] } {
  const lines: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const entries: Array<[string, string, (string | number)[]]> = [];
  if (loaded.config.mailto !== undefined) entries.push(['MAILTO', loaded.config.mailto, ['mailto']]);
  for (const [name, value] of Object.entries(loaded.config.env)) entries.push([name, value, ['env', name]]);
  for (const [name, value, path] of entries) {
    const result = renderEnvLine(name, value);
    if ('line' in result) {
      lines.push(result.line);
      continue;
    }
    const where = loaded.locate(path);
    diagnostics.push(
      createDiagnostic(where?.file ?? loaded.file ?? 'cronpack.config.json', {
        messageId: 'envLineMisread',
        loc: where?.span ?? { line: 1, column: 1 },
        data: { name, value: JSON.stringify(value), reason: result.problem },
      }),
    );
  }
  return { lines, diagnostics };
}

/**
 * check → plan → render: the cron.d files of a repository, in memory.
 * Writing them is the caller's job (see write/).
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = resolve(options.root);
  const loaded = options.config ?? (await loadConfig(root));
  if (countBySeverity(loaded.diagnostics).errors > 0) return { files: [], jobs: [], diagnostics: loaded.diagnostics, filesChecked: 0 };
  const checked = await check({ root, config: loaded.config });
  const plan = planCronFiles(checked.jobs, loaded.config);
  const env = renderEnv(loaded);
  const diagnostics = [...loaded.diagnostics, ...checked.diagnostics, ...plan.diagnostics, ...env.diagnostics];
  const files: BuiltFile[] = plan.files.map((filePlan) => {
    const rendered = renderCronFile(filePlan, {
      version: options.version,
      source: options.source,
      switchman: loaded.config.switchman,
      envLines: env.lines,
    });
    diagnostics.push(...checkCronFile(filePlan, rendered.text, rendered.commands, loaded.config.users));
    return { path: `cron.d/${filePlan.name}`, content: rendered.text, plan: filePlan };
  });
  diagnostics.sort(compareDiagnostics);
  const hasErrors = countBySeverity(diagnostics).errors > 0;
  return { files: hasErrors ? [] : files, jobs: checked.jobs, diagnostics, filesChecked: checked.filesChecked };
}
