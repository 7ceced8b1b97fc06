/**
 * With --format json, sarif or github, stdout holds that document and nothing
 * else, for check, build and package, on a clean repository and a failing
 * one: the real CLI in a real process, so a stray console.log would show.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/golden.js';
import { hasCommand, requireTool } from '../support/require-tool.js';

const work = mkdtempSync(join(tmpdir(), 'cronpack-formats-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCronpack(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], SOURCE_DATE_EPOCH: '1767225600' };
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/bin.ts'), ...args], { cwd: repoRoot, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs `work` over items, two at a time (the machine is shared). */
async function inPairs<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += 2) await Promise.all(items.slice(i, i + 2).map(work));
}

/** Throws unless stdout is exactly one document of that format. Returns the number of errors it reports. */
function errorsIn(format: string, stdout: string): number {
  if (format === 'github') {
    const lines = stdout.split('\n').slice(0, -1);
    assert.ok(stdout === '' || stdout.endsWith('\n'));
    for (const line of lines) assert.match(line, /^::(error|warning|notice) [^\n]*::/, 'only workflow commands');
    return lines.filter((line) => line.startsWith('::error ')).length;
  }
  const document = JSON.parse(stdout) as Record<string, unknown>;
  if (format === 'sarif') {
    assert.equal(document['version'], '2.1.0');
    const results = (document['runs'] as Array<{ results: Array<{ level: string }> }>)[0]!.results;
    return results.filter((result) => result.level === 'error').length;
  }
  assert.equal(document['schemaVersion'], 2);
  return (document['summary'] as { errors: number }).errors;
}

const formats = ['json', 'sarif', 'github'] as const;
const fixtures = [
  { name: 'demo', code: 0 },
  { name: 'broken-rules', code: 1 },
] as const;

for (const command of ['check', 'build', 'package'] as const) {
  test(`${command} --format json|sarif|github: stdout is only the document, clean or failing`, async (t) => {
    const needsDpkg = command === 'package' && !hasCommand('dpkg-deb');
    const cases = formats.flatMap((format) => fixtures.map((fixture) => ({ format, fixture })));
    await inPairs(cases, async ({ format, fixture }) => {
      if (needsDpkg && fixture.code === 0) return;
      const out = command === 'check' ? [] : ['--out', join(work, `${command}-${format}-${fixture.name}`)];
      const run = await runCronpack(['-C', join('fixtures', fixture.name), command, '--format', format, ...out]);
      const what = `${command} --format ${format} on ${fixture.name}`;
      assert.equal(run.code, fixture.code, `${what}: ${run.stderr}`);
      const errors = errorsIn(format, run.stdout);
      assert.equal(errors > 0, fixture.code === 1, `${what}: the document reports the errors`);
      if (command === 'package' && fixture.code === 0) assert.match(run.stderr, /acme-scripts_1\.0\.0_all\.deb\n/, `${what}: the .deb list goes to stderr`);
      if (command === 'build' && fixture.code === 0) assert.match(run.stderr, /✔ \d+ jobs/, `${what}: the summary goes to stderr`);
    });
    if (needsDpkg) requireTool(t, false, 'dpkg-deb (the clean package runs)');
  });
}

test('build --stdout with a machine format is refused: both would be on stdout', async () => {
  const run = await runCronpack(['-C', 'fixtures/demo', 'build', '--stdout', '--format', 'json']);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^cronpack: --stdout prints the cron\.d files, so it cannot go with --format json[^\n]*\n$/);
});
