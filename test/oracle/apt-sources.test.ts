/**
 * test/oracle/build.sh names no mirror host: it fetches cron's source from the
 * mirrors this machine's apt already uses for bookworm (one-line and deb822
 * sources), or stops with a message saying what to add. Fake apt sources come in
 * through APT_CONFIG (Dir::Etc), which apt-config, and so build.sh, honours;
 * `--print-sources` prints the deb-src entries without fetching anything.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { hasCommand, requireTool } from '../support/require-tool.js';
import { repoRoot, run } from '../hooks/hook-repo.js';

const buildSh = join(repoRoot, 'test/oracle/build.sh');

/** Runs build.sh --print-sources against apt sources made of `files` (path under Dir::Etc -> content). */
function printSources(files: Record<string, string>, suite?: string) {
  const etc = mkdtempSync(join(tmpdir(), 'cronpack-apt-etc-'));
  try {
    mkdirSync(join(etc, 'apt.conf.d'));
    mkdirSync(join(etc, 'sources.list.d'));
    for (const [path, content] of Object.entries(files)) writeFileSync(join(etc, path), content);
    writeFileSync(join(etc, 'apt.conf'), `Dir::Etc "${etc}";\n`);
    const env: NodeJS.ProcessEnv = { ...process.env, APT_CONFIG: join(etc, 'apt.conf') };
    delete env['CRON_SUITE'];
    if (suite !== undefined) env['CRON_SUITE'] = suite;
    return { ...run('bash', [buildSh, '--print-sources'], { env }), etc };
  } finally {
    rmSync(etc, { recursive: true, force: true });
  }
}

test('oracle build.sh has no mirror host of its own', () => {
  const script = readFileSync(buildSh, 'utf8');
  assert.doesNotMatch(script, /\b(https?|ftp):\/\/[a-z0-9]/i, 'build.sh names a URL');
  assert.doesNotMatch(script, /debian\.org/i);
});

test('oracle build.sh turns the machine\'s apt sources for bookworm main into deb-src entries', (t) => {
  if (!requireTool(t, hasCommand('apt-config'), 'apt-config (a Debian system)')) return;
  const r = printSources({
    'sources.list': [
      '# a comment',
      'deb [ arch=amd64 signed-by=/usr/share/keyrings/a.gpg ] http://mirror-a.example/debian bookworm main contrib',
      'deb http://mirror-b.example/debian bookworm-updates main',
      'deb http://mirror-c.example/debian bookworm contrib',
      'deb cdrom:[Debian GNU/Linux 12]/ bookworm main',
      'deb-src http://mirror-d.example/debian bookworm main # trailing comment',
      'deb http://mirror-a.example/debian bookworm main',
      '',
    ].join('\n'),
    'sources.list.d/extra.list': 'deb [signed-by=/k/e.gpg] https://mirror-e.example/debian bookworm main\n',
    'sources.list.d/debian.sources': [
      'Types: deb',
      '# a comment inside the stanza',
      'URIs: http://mirror-f.example/debian http://mirror-g.example/debian',
      'Suites: bookworm bookworm-updates',
      'Components: main',
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
      '',
      'Types: deb',
      'URIs: http://mirror-h.example/debian',
      'Suites: bookworm',
      'Components: main',
      'Enabled: no',
      '',
      'Types: deb',
      'URIs: http://mirror-i.example/debian',
      'Suites: trixie',
      'Components: main',
      '',
      'Types: deb deb-src',
      'URIs: http://mirror-j.example/debian',
      'Suites: bookworm',
      'Components: main',
      'Signed-By:',
      ' -----BEGIN PGP PUBLIC KEY BLOCK-----',
      ' .',
      ' Types: not a field',
      ' -----END PGP PUBLIC KEY BLOCK-----',
      '',
    ].join('\n'),
  });
  assert.equal(r.status, 0, r.output);
  const stanza = (uri: string, signedBy?: string) =>
    ['Types: deb-src', `URIs: ${uri}`, 'Suites: bookworm', 'Components: main', ...(signedBy ? [`Signed-By: ${signedBy}`] : [])].join('\n');
  assert.equal(
    r.stdout,
    [
      stanza('http://mirror-a.example/debian', '/usr/share/keyrings/a.gpg'),
      stanza('http://mirror-d.example/debian'),
      stanza('https://mirror-e.example/debian', '/k/e.gpg'),
      stanza('http://mirror-f.example/debian', '/usr/share/keyrings/debian-archive-keyring.gpg'),
      stanza('http://mirror-g.example/debian', '/usr/share/keyrings/debian-archive-keyring.gpg'),
      stanza('http://mirror-j.example/debian'),
    ].join('\n\n') + '\n',
  );
});

test('oracle build.sh without an apt source for bookworm stops and says what to add', (t) => {
  if (!requireTool(t, hasCommand('apt-config'), 'apt-config (a Debian system)')) return;
  const r = printSources({
    'sources.list': 'deb http://mirror.example/debian trixie main\n',
    'sources.list.d/x.sources': 'Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\nComponents: contrib\n',
  });
  assert.equal(r.status, 1, r.output);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /no apt source for suite 'bookworm' \(component main\)/);
  assert.match(r.stderr, new RegExp(`Looked in ${r.etc}/sources\\.list, ${r.etc}/sources\\.list\\.d/\\*\\.list`));
  assert.match(r.stderr, /Suites: bookworm\n.*Components: main/);
  assert.doesNotMatch(r.stderr, /:\/\/[a-z]/, 'the message names no mirror');

  const other = printSources({ 'sources.list': 'deb http://mirror.example/debian bookworm main\n' }, 'sid');
  assert.equal(other.status, 1, other.output);
  assert.match(other.stderr, /no apt source for suite 'sid'/);
});
