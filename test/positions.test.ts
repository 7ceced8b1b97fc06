import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliCaptured } from './support/run-cli.js';
import { assertGolden, repoRoot } from './support/golden.js';

interface JsonDiagnostic {
  code: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * Every diagnostic's line:column (to endColumn) is cut out of the ORIGINAL
 * bytes of the file, split as an editor does (CRLF, BOM), and the excerpts are
 * compared with a reviewed golden list: each must be the offending text itself.
 */
for (const fixture of ['broken-syntax', 'broken-rules', 'broken-schedules']) {
  test(`${fixture}: every line/column points at the offending text in the original file`, async () => {
    const root = join(repoRoot, 'fixtures', fixture);
    const run = await runCliCaptured(['-C', root, 'check', '--format', 'json']);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] };
    assert.ok(diagnostics.length > 5);
    const excerpts = diagnostics.map((d) => {
      const raw = readFileSync(join(root, d.file), 'utf8');
      const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n/);
      const line = lines[d.line - 1];
      assert.ok(line !== undefined, `${d.file}:${d.line} does not exist`);
      const end = d.endLine === d.line && d.endColumn !== undefined ? d.endColumn : d.column + 1;
      return `${d.file}:${d.line}:${d.column} ${d.code} «${line.slice(d.column - 1, end - 1)}»`;
    });
    assertGolden(`positions/${fixture}.txt`, excerpts.join('\n') + '\n');
  });
}

test('the CRLF and BOM fixtures really are CRLF and BOM files', () => {
  const root = join(repoRoot, 'fixtures', 'broken-syntax');
  assert.match(readFileSync(join(root, 'bin/crlf.sh'), 'utf8'), /\r\n/);
  assert.equal(readFileSync(join(root, 'lib/bom.js'))[0], 0xef);
});
