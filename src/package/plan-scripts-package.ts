/**
 * The `<prefix>-scripts` package: every file of the repository under the
 * install folder, its Depends read from the shebangs, and the diagnostics of
 * scripts lintian would reject. Pure.
 */
import type { CronpackConfig } from '../config/config-types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { assembleDebPackage, type CommonParts } from './assemble-deb-package.js';
import { compareText } from './compare-text.js';
import { scriptsDescription } from './describe-packages.js';
import { analyzeScript, readShebang, type ScriptTag } from './interpreters.js';
import { scriptOverride } from './lintian-overrides.js';
import type { DebFile, DebPackagePlan, ScriptFile } from './plan-types.js';
import { createDiagnostic } from '../diagnostics/report.js';

export interface ScriptsPackageInput {
  scripts: readonly ScriptFile[];
  config: CronpackConfig;
  common: CommonParts;
  scriptsName: string;
  /** The cron packages that run the scripts, named in the description. */
  cronNames: readonly string[];
  /** Absolute, no trailing "/". */
  installDir: string;
}

export function planScriptsPackage({ scripts, config, common, scriptsName, cronNames, installDir }: ScriptsPackageInput): { plan: DebPackagePlan; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // The scripts package: every file, executables 0755, the rest 0644.
  const base = installDir.slice(1);
  const scriptFiles: DebFile[] = [];
  const depends = new Set<string>();
  const tags: ScriptTag[] = [];
  for (const script of [...scripts].sort((a, b) => compareText(a.path, b.path))) {
    const executable = (script.mode & 0o111) !== 0;
    const path = `${base}/${script.path}`;
    scriptFiles.push({ path, content: script.content, mode: executable ? 0o755 : 0o644 });
    const analysis = analyzeScript(path, script.content, executable);
    if (analysis.depends !== undefined) depends.add(analysis.depends);
    for (const found of analysis.tags) {
      if (found.severity === 'warning') {
        tags.push(found);
        continue;
      }
      const shebang = readShebang(script.content)?.line ?? '';
      const end = { line: 1, column: 1, endLine: 1, endColumn: shebang.length + 3 };
      diagnostics.push(createDiagnostic(script.path, { messageId: 'scriptLineRejected', loc: end, data: { shebang, tag: found.tag, package: scriptsName, fix: found.fix ?? '' } }));
    }
  }
  const plan = assembleDebPackage(scriptsName, 'scripts', config, common, {
    depends: [...depends].sort(compareText),
    description: scriptsDescription(config, scripts.length, cronNames, installDir),
    files: scriptFiles,
    conffiles: [],
    overrides: tags.map(scriptOverride),
  });
  return { plan, diagnostics };
}
