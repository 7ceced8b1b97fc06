import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCliCaptured } from './support/run-cli.js';
import { assertGolden, repoRoot } from './support/golden.js';
import { cronpackVersion } from '../src/cli/version.js';

const fixtures = ['demo', 'broken-syntax', 'broken-rules', 'broken-schedules'] as const;
const formats = ['stylish', 'json', 'github', 'sarif'] as const;
const goldenName = { stylish: 'stylish.txt', json: 'json', github: 'github.txt', sarif: 'sarif' } as const;

/** Output that names the machine (absolute root, version) is made neutral so goldens are portable. */
const portable = (text: string): string => text.split(repoRoot).join('<repo>').split(`"version": "${cronpackVersion}"`).join('"version": "<version>"');

for (const fixture of fixtures) {
  for (const format of formats) {
    test(`check ${fixture} --format ${format} matches its golden output`, async () => {
      const run = await runCliCaptured(['-C', join(repoRoot, 'fixtures', fixture), 'check', '--format', format]);
      assert.equal(run.stderr, '');
      assert.equal(run.code, fixture === 'demo' ? 0 : 1);
      assertGolden(`check/${fixture}.${goldenName[format]}`, portable(run.stdout));
    });
  }
}

test('paths limit the check to those files, as a pre-commit hook passes them', async () => {
  const run = await runCliCaptured(['check', '--format', 'json', 'jobs/names.pl', 'more'], { cwd: join(repoRoot, 'fixtures', 'broken-rules') });
  const files = new Set((JSON.parse(run.stdout) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file));
  assert.deepEqual([...files].sort(), ['jobs/names.pl', 'more/duplicate.ts', 'more/not-executable.sh']);
});

test('exit codes: warnings alone pass, --max-warnings and --quiet', async () => {
  const cwd = join(repoRoot, 'fixtures', 'broken-syntax');
  const warningsOnly = ['lib/bom.js', 'lib/no-blocks.js'];
  assert.equal((await runCliCaptured(['check', ...warningsOnly], { cwd })).code, 0);
  const capped = await runCliCaptured(['check', '--max-warnings', '1', ...warningsOnly], { cwd });
  assert.equal(capped.code, 1);
  assert.match(capped.stderr, /2 warnings found, more than --max-warnings 1/);
  assert.equal((await runCliCaptured(['check', '--max-warnings', '2', ...warningsOnly], { cwd })).code, 0);
  const quiet = await runCliCaptured(['check', '--quiet', '--format', 'json', ...warningsOnly], { cwd });
  assert.equal((JSON.parse(quiet.stdout) as { diagnostics: unknown[] }).diagnostics.length, 0);
});

test('usage errors exit 2 with a message, never a stack trace', async () => {
  for (const args of [['check', '--format', 'xml'], ['check', '--max-warnings', 'many'], ['frobnicate'], ['check', 'no/such/file']]) {
    const run = await runCliCaptured(args, { cwd: join(repoRoot, 'fixtures', 'demo') });
    assert.equal(run.code, 2, args.join(' '));
    assert.notEqual(run.stderr, '');
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('a path outside the repository is a usage error', async () => {
  const run = await runCliCaptured(['check', '../broken-rules'], { cwd: join(repoRoot, 'fixtures', 'demo') });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /outside the repository root/);
});
