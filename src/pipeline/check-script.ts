import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { DiagnosticSink } from '../diagnostics/report.js';
import { extractSections, scriptLines } from '../extract/index.js';
import { parseBlocks } from '../parse/index.js';
import type { Job, MetadataSection, ScriptSource } from '../model/types.js';
import { validateBlocks } from '../validate/index.js';

export interface ScriptResult {
  jobs: Job[];
  diagnostics: Diagnostic[];
}

/** Bytes that were not UTF-8 decode to U+FFFD; inside METADATA they would reach a cron.d line. */
function reportUndecodable(section: MetadataSection, sink: DiagnosticSink): void {
  for (const line of section.lines) {
    const at = line.text.indexOf('\uFFFD');
    if (at >= 0) sink.report({ messageId: 'invalidUtf8', loc: { line: line.line, column: line.column + at } });
  }
}

/**
 * extract → parse → validate for one script's text. Pure: no I/O, never throws on any input.
 * With `mode` (as discover reads it), a script with jobs must also be executable.
 */
export function checkScript(source: Pick<ScriptSource, 'path' | 'text'> & { mode?: number }): ScriptResult {
  const { language, lines } = scriptLines(source.path, source.text);
  if (!language) return { jobs: [], diagnostics: [] };
  const sink = new DiagnosticSink(source.path);
  const blocks = extractSections(lines, language).flatMap((section) => {
    reportUndecodable(section, sink);
    return parseBlocks(source.path, section, sink);
  });
  const jobs = validateBlocks(source.path, blocks, sink);
  const first = jobs[0];
  if (first && source.mode !== undefined && (source.mode & 0o111) === 0) {
    const mode = `0${(source.mode & 0o777).toString(8)}`;
    sink.report({ messageId: 'scriptNotExecutable', loc: first.block.span, data: { mode, path: source.path } });
  }
  return { jobs, diagnostics: sink.diagnostics.sort(compareDiagnostics) };
}
