import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkScript, messages } from '../src/index.js';
import { runCliCaptured } from './support/run-cli.js';
import { repoRoot } from './support/golden.js';
import { prng } from './support/prng.js';

const knownCodes = new Set<string>(Object.values(messages).map((m) => m.code));


const seeds = ['bin/rotate-partitions.pl', 'maintenance/clean-tmp.sh', 'reports/daily-report.py', 'sync/pull-feeds.js', 'sync/push-metrics.ts', 'sync/mirror-assets.mjs'].map((path) => ({
  path,
  text: readFileSync(join(repoRoot, 'fixtures', 'demo', path), 'utf8'),
}));
const tokens = ['<crontab>', '</crontab>', 'package:', 'time:', 'params:', 'user:', 'METADATA', '=head1 METADATA', '=cut', '/*', '*/', '/**', '//', '#', '\n', '\r\n', '\r', '\t', ' ', '\uFEFF', '\u0000', ':', '"', "'", '`', '$(', '\\', '--mod', '--rem', '0', '7', '-1', '*', ';', '%', 'é', '\uFFFD', '\uD800'];

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    const choice = random();
    if (choice < 0.4) out = out.slice(0, at) + tokens[Math.floor(random() * tokens.length)]! + out.slice(at);
    else if (choice < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 20));
    else {
      const from = Math.floor(random() * out.length);
      out = out.slice(0, at) + out.slice(from, from + Math.floor(random() * 40)) + out.slice(at);
    }
  }
  return out;
}

function assertWellFormed(result: ReturnType<typeof checkScript>, path: string, text: string): void {
  const lineCount = text.replace(/^\uFEFF/, '').split('\n').length;
  for (const d of result.diagnostics) {
    assert.ok(knownCodes.has(d.code), `unknown code ${d.code}`);
    assert.equal(d.file, path);
    assert.ok(d.line >= 1 && d.line <= lineCount, `line ${d.line} out of 1..${lineCount}`);
    assert.ok(d.column >= 1, `column ${d.column}`);
    assert.ok(d.message.length > 0, 'empty message');
  }
}

test('fuzz: 20,000 mutated METADATA files give diagnostics, never a throw', () => {
  const random = prng(7);
  let withDiagnostics = 0;
  for (let i = 0; i < 20000; i++) {
    const seed = seeds[i % seeds.length]!;
    const text = mutate(seed.text, random);
    let result: ReturnType<typeof checkScript>;
    try {
      result = checkScript({ path: seed.path, text });
    } catch (error) {
      assert.fail(`checkScript threw on case ${i} (${seed.path}): ${String(error)}\n${JSON.stringify(text)}`);
    }
    assertWellFormed(result, seed.path, text);
    if (result.diagnostics.length > 0) withDiagnostics++;
  }
  assert.ok(withDiagnostics > 1000, `mutations should mostly produce diagnostics, got ${withDiagnostics}`);
});

test('fuzz: random bytes in files of every language never throw', () => {
  const random = prng(11);
  const names = ['a.pl', 'a.sh', 'a.py', 'a.js', 'a.ts', 'a.php', 'a.rb', 'noext'];
  for (let i = 0; i < 5000; i++) {
    const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
    const text = (random() < 0.5 ? '# METADATA\n' : '') + bytes.toString('utf8');
    const path = names[i % names.length]!;
    assertWellFormed(checkScript({ path, text }), path, text);
  }
});

test('fuzz: the CLI on a repository of mutated files exits 0 or 1 with no stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cronpack-fuzz-'));
  try {
    const random = prng(3);
    for (let i = 0; i < 200; i++) {
      const seed = seeds[i % seeds.length]!;
      writeFileSync(join(dir, `${i}-${seed.path.replace(/\//g, '_')}`), mutate(seed.text, random));
    }
    writeFileSync(join(dir, 'binary.pl'), Buffer.from([0x23, 0x20, 0x4d, 0x45, 0x54, 0x41, 0x00, 0xff]));
    for (const format of ['stylish', 'json', 'github', 'sarif']) {
      const run = await runCliCaptured(['-C', dir, 'check', '--format', format]);
      assert.ok(run.code === 0 || run.code === 1, `${format}: exit ${run.code}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
