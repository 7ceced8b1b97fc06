/**
 * The man pages (scripts/man-pages.mjs, written by `npm run build` to dist/man and installed
 * by debian/*.manpages) come from the same definitions as --help: every option and argument
 * that `cronpack [<command>] --help` and `switchman --help` print is in the page, with the
 * same description, and every exit code is in EXIT STATUS. groff must not warn about them
 * (lintian's groff-message check).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { exitCodes } from '../src/cli/exit-codes.js';
import { USAGE } from '../src/switchman/cli.js';
import * as switchmanExitCodes from '../src/switchman/exit-codes.js';
import { repoRoot } from './support/golden.js';
import { hasCommand, requireTool } from './support/require-tool.js';
import { runCliCaptured } from './support/run-cli.js';

interface ManPagesModule {
  loadSources(dir?: string): Promise<unknown>;
  renderManPages(sources: unknown, date?: string): Record<'cronpack.1' | 'switchman.1', string>;
  manDate(env: Record<string, string | undefined>): string;
}

// The scripts are plain .mjs (run by npm before anything is compiled): import them by URL.
const manPages = (await import(pathToFileURL(join(repoRoot, 'scripts', 'man-pages.mjs')).href)) as ManPagesModule;
// From src/ (tsx), so the test does not depend on a fresh dist/.
const sources = await manPages.loadSources(join(repoRoot, 'src'));
const pages = manPages.renderManPages(sources, '');

const work = mkdtempSync(join(tmpdir(), 'cronpack-man-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The text of roff source, without font escapes and with plain minus signs, whitespace collapsed. */
function plain(roff: string): string {
  return roff
    .replace(/\\f[BIRP]/g, '')
    .replace(/\\-/g, '-')
    .replace(/\\&/g, '')
    .replace(/\\e/g, '\\')
    .replace(/\s+/g, ' ')
    .trim();
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The source of a section (.SH) or subsection (.SS) whose heading starts with `heading`, up to the next one. */
function section(page: string, macro: '.SH' | '.SS', heading: string): string {
  const lines = page.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${macro} `) && plain(line.slice(4).replace(/^"|"$/g, '')).startsWith(heading));
  assert.ok(start >= 0, `no ${macro} ${heading} in the page`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('.SH ') || (macro === '.SS' && line.startsWith('.SS ')));
  return rest.slice(0, end < 0 ? undefined : end).join('\n');
}

/** The items of a --help block ("Options:", "Arguments:"...): term and description, wrapped lines joined. */
function helpItems(help: string, heading: string): { term: string; description: string }[] {
  const lines = help.split('\n');
  const start = lines.indexOf(`${heading}:`);
  if (start < 0) return [];
  const items: { term: string; description: string }[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    const first = /^ {2}(\S.*?)(?: {2,}(\S.*))?$/.exec(line) ?? /^ {2,6}(-.*?)(?: {2,}(\S.*))?$/.exec(line);
    const last = items.at(-1);
    if (first) items.push({ term: first[1] ?? '', description: first[2] ?? '' });
    else if (last) last.description = `${last.description} ${line.trim()}`;
  }
  return items.map(({ term, description }) => ({ term: collapse(term), description: collapse(description) }));
}

/** The terms of the .TP items of a section: "0", "1-125", "128+N". */
function tpTerms(roff: string): string[] {
  const lines = roff.split('\n');
  return lines.flatMap((line, i) => (lines[i - 1] === '.TP' ? [plain(line)] : []));
}

const cronpackCommands = ['check', 'build', 'package', 'init', 'list', 'load', 'explain'];

test('cronpack.1: every option and argument of every command, as --help prints them', async () => {
  const page = pages['cronpack.1'];
  const top = await runCliCaptured(['--help']);
  assert.equal(top.code, 0);
  const listed = helpItems(top.stdout, 'Commands').map((c) => c.term.split(' ')[0]);
  assert.deepEqual(
    listed.filter((c) => c !== 'help'),
    cronpackCommands,
    'a new command must be added to this test (and gets its own .SS in the page by itself)',
  );
  for (const command of listed) assert.ok(section(page, '.SS', `cronpack ${command}`), command);

  const blocks: [string, string, string][] = [['', top.stdout, plain(section(page, '.SH', 'OPTIONS'))]];
  for (const command of cronpackCommands) {
    const run = await runCliCaptured([command, '--help']);
    assert.equal(run.code, 0, run.stderr);
    blocks.push([command, run.stdout, plain(section(page, '.SS', `cronpack ${command}`))]);
  }
  for (const [command, help, man] of blocks) {
    const items = [...helpItems(help, 'Options'), ...helpItems(help, 'Arguments')];
    assert.ok(items.length > 0, `cronpack ${command} --help lists options`);
    for (const { term, description } of items) {
      const shown = term.replace(/<([^>]+)>/g, '$1');
      assert.ok(man.includes(shown), `cronpack.1 lacks ${shown} of "cronpack ${command}"`);
      assert.ok(man.includes(description), `cronpack.1 lacks the description of ${shown} of "cronpack ${command}": ${description}`);
    }
  }
  const synopsis = plain(section(page, '.SH', 'SYNOPSIS'));
  for (const command of cronpackCommands) assert.ok(synopsis.includes(`cronpack ${command}`), `SYNOPSIS lacks ${command}`);
});

test('cronpack.1: every exit code in EXIT STATUS', () => {
  const terms = tpTerms(section(pages['cronpack.1'], '.SH', 'EXIT STATUS'));
  assert.deepEqual(terms, Object.values(exitCodes).map(String));
});

test('switchman.1: every option switchman --help prints, with its description', () => {
  const page = pages['switchman.1'];
  const man = plain(section(page, '.SH', 'OPTIONS'));
  const items = helpItems(USAGE, 'Options');
  assert.ok(items.length >= 9, 'switchman --help lists its options');
  for (const { term, description } of items) {
    assert.ok(man.includes(term), `switchman.1 lacks ${term}`);
    assert.ok(man.includes(description), `switchman.1 lacks the description of ${term}: ${description}`);
  }
  const synopsis = plain(section(page, '.SH', 'SYNOPSIS'));
  assert.ok(USAGE.includes('  switchman status [-c FILE] [--json]\n'));
  assert.ok(synopsis.includes('switchman status [-c FILE] [--json]'));
  assert.ok(synopsis.includes('--not-allowed-exit-code N] -- CMD [ARGS...]'));
});

test('switchman.1: every exit code in EXIT STATUS, the same as --help', () => {
  const terms = tpTerms(section(pages['switchman.1'], '.SH', 'EXIT STATUS'));
  const constants = Object.entries(switchmanExitCodes as Record<string, unknown>).filter((entry): entry is [string, number] => entry[0].startsWith('EXIT_') && typeof entry[1] === 'number');
  assert.ok(constants.length >= 9);
  for (const [name, value] of constants) {
    const shown = name === 'EXIT_SIGNAL_BASE' ? `${value}+N` : String(value);
    assert.ok(terms.includes(shown), `EXIT STATUS lacks ${shown} (${name})`);
  }
  assert.deepEqual(
    helpItems(USAGE, 'Exit codes').map((e) => e.term),
    terms,
    'switchman --help and the man page list the same codes',
  );
});

test('the pages are dated by SOURCE_DATE_EPOCH only, and carry the version', () => {
  assert.equal(manPages.manDate({}), '');
  assert.equal(manPages.manDate({ SOURCE_DATE_EPOCH: '1700000000' }), '2023-11-14');
  assert.throws(() => manPages.manDate({ SOURCE_DATE_EPOCH: 'yesterday' }), /SOURCE_DATE_EPOCH/);
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const dated = manPages.renderManPages(sources, '2023-11-14');
  assert.match(dated['cronpack.1'], new RegExp(`^\\.TH CRONPACK 1 "2023-11-14" "cronpack ${version.replace(/\./g, '\\.')}" "User Commands"\\n`));
  assert.match(dated['switchman.1'], /^\.TH SWITCHMAN 1 "2023-11-14" "switchman \S+" "User Commands"\n/);
  assert.deepEqual(manPages.renderManPages(sources, '2023-11-14'), dated, 'deterministic');
  assert.match(pages['cronpack.1'], /^\.TH CRONPACK 1 "" /);
});

test('npm run build writes the pages the Debian packages install', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts['build'] ?? '', /^tsc -p tsconfig\.build\.json && node scripts\/man-pages\.mjs( |$)/);
  for (const name of ['cronpack', 'switchman']) {
    assert.equal(readFileSync(join(repoRoot, 'debian', `${name}.manpages`), 'utf8').trim(), `dist/man/${name}.1`);
  }
});

test('groff reads the pages without a warning', (t) => {
  if (!requireTool(t, hasCommand('groff'), 'groff (Debian package groff-base)')) return;
  for (const [name, text] of Object.entries(pages)) {
    const file = join(work, name);
    writeFileSync(file, text);
    const groff = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', file], { encoding: 'utf8' });
    assert.equal(groff.status, 0, groff.stderr);
    assert.equal(groff.stderr, '', `groff warns about ${name}`);
    if (hasCommand('man')) {
      // lintian's groff-message check runs exactly this.
      const man = spawnSync('man', ['--warnings', '-E', 'UTF-8', '-l', '-Tutf8', '-Z', file], {
        encoding: 'utf8',
        env: { ...process.env, LC_ALL: 'C.UTF-8', MANROFFSEQ: '', MANWIDTH: '80' },
      });
      assert.equal(man.status, 0, man.stderr);
      assert.equal(man.stderr, '', `man --warnings warns about ${name}`);
    }
  }
});
