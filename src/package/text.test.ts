import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import {
  analyzeScript,
  formatDescription,
  gzipReproducibly,
  installPattern,
  licenseShortName,
  packageNameProblem,
  parseDebianVersion,
  renderChangelog,
  renderControlParagraph,
  renderCopyright,
  renderMd5sums,
  rfc5322Date,
  versionForFileName,
  wrapWords,
} from './index.js';

test('Debian versions: valid ones parse into epoch, upstream and revision', () => {
  const cases: Array<[string, { epoch?: number; upstream: string; revision?: string }]> = [
    ['1.0.0', { upstream: '1.0.0' }],
    ['1.4.0-1', { upstream: '1.4.0', revision: '1' }],
    ['2:1.0~rc1+git20240101-0ubuntu1.2', { epoch: 2, upstream: '1.0~rc1+git20240101', revision: '0ubuntu1.2' }],
    ['1.0-beta-3', { upstream: '1.0-beta', revision: '3' }],
    ['0', { upstream: '0' }],
    ['20260101', { upstream: '20260101' }],
  ];
  for (const [text, expected] of cases) {
    const result = parseDebianVersion(text);
    assert.ok(result.ok, `${text}: ${result.ok ? '' : result.reason}`);
    assert.deepEqual(result.version, expected, text);
  }
  assert.equal(versionForFileName((parseDebianVersion('2:1.0-1') as { ok: true; version: never }).version), '1.0-1');
});

test('Debian versions: invalid ones say what is wrong', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty/],
    ['v1.0.0', /does not start with a digit/],
    ['1.0 beta', /blank/],
    ['1.0_beta', /contains "_"/],
    ['1.0-', /revision after the last "-" is empty/],
    ['1.0-1_2', /revision "1_2" contains "_"/],
    ['a:1.0', /epoch "a"/],
    [':1.0', /epoch ""/],
    ['1:2:3', /more than one ":"/],
    ['1:-1', /upstream version is empty/],
    ['1.0/2', /contains "\/"/],
  ];
  for (const [text, reason] of cases) {
    const result = parseDebianVersion(text);
    assert.equal(result.ok, false, text);
    assert.match((result as { reason: string }).reason, reason, text);
  }
});

test('package names follow Debian Policy 5.6.1', () => {
  assert.equal(packageNameProblem('acme-scripts1'), undefined);
  assert.equal(packageNameProblem('g++.x'), undefined);
  assert.match(packageNameProblem('a') ?? '', /shorter than two/);
  assert.match(packageNameProblem('-ab') ?? '', /does not start/);
  assert.match(packageNameProblem('Acme') ?? '', /does not start/);
  assert.match(packageNameProblem('ac_me') ?? '', /contains "_"/);
});

test('control paragraphs: fields in order, undefined ones left out, description lines within 80 columns', () => {
  const long = 'word '.repeat(60).trim();
  const description = formatDescription({
    synopsis: 'scripts run by the acme cron jobs',
    paragraphs: [{ text: long }, { verbatim: ['- one', '', '- two'] }, { text: '   ' }],
  });
  const text = renderControlParagraph([
    ['Package', 'acme-scripts'],
    ['Source', undefined],
    ['Version', '1.0'],
    ['Description', description],
  ]);
  const lines = text.split('\n');
  assert.equal(lines[0], 'Package: acme-scripts');
  assert.equal(lines[1], 'Version: 1.0');
  assert.equal(lines[2], 'Description: scripts run by the acme cron jobs');
  assert.ok(text.endsWith('\n'));
  const body = lines.slice(3, -1);
  assert.ok(body.every((line) => line.length <= 80 && line.startsWith(' ')), body.join('\n'));
  assert.deepEqual(body.slice(-3), [' .', '  - one', '  - two'], 'paragraphs joined by " .", verbatim lines with two blanks, blank lines dropped');
  assert.equal(body.filter((line) => line === ' .').length, 1, 'an empty paragraph is left out, not written as " ."');
  assert.deepEqual(wrapWords('a bb ccc', 4), ['a bb', 'ccc']);
});

test('copyright: machine-readable format 1.0, the right license text for each case', () => {
  const base = { upstreamName: 'acme', copyright: '2026 ACME Ops', contact: 'ACME Ops <ops@acme.example>' };
  const proprietary = renderCopyright({ ...base, license: 'proprietary' });
  assert.match(proprietary, /^Format: https:\/\/www\.debian\.org\/doc\/packaging-manuals\/copyright-format\/1\.0\/\nUpstream-Name: acme\nUpstream-Contact: ACME Ops <ops@acme\.example>\n\nFiles: \*\nCopyright: 2026 ACME Ops\nLicense: proprietary\n All rights reserved/);
  const gpl = renderCopyright({ ...base, license: 'GPL-3.0-or-later' });
  assert.match(gpl, /License: GPL-3\+\n Licensed under the GPL-3 license, or \(at your option\) any later version\.\n \.\n On Debian systems, .*\n "\/usr\/share\/common-licenses\/GPL-3"\./);
  const mit = renderCopyright({ ...base, license: 'MIT', licenseText: 'Permission is hereby granted\n\n\tTHE SOFTWARE IS PROVIDED "AS IS"\n' });
  assert.match(mit, /License: Expat\n Permission is hereby granted\n \.\n {9}THE SOFTWARE/, 'repository text: blank lines as " .", tabs expanded');
  assert.ok(!mit.includes('\t'));
  assert.equal(licenseShortName('Some License'), 'Some-License');
  const withSource = renderCopyright({ ...base, license: 'Apache-2.0', source: 'https://git.example.com/acme' });
  assert.match(withSource, /\nSource: https:\/\/git\.example\.com\/acme\n/);
});

test('changelog: deb-changelog(5) layout, wrapped items, RFC 5322 date in UTC', () => {
  assert.equal(rfc5322Date(1767225600), 'Thu, 01 Jan 2026 00:00:00 +0000');
  assert.equal(rfc5322Date(0), 'Thu, 01 Jan 1970 00:00:00 +0000');
  const text = renderChangelog({
    source: 'acme',
    version: '1.0.0',
    changes: ['Generated by cronpack 0.1.0 from git 1a2b3c4d5e6f.', 'x '.repeat(60).trim()],
    maintainer: 'ACME Ops <ops@acme.example>',
    date: 1767225600,
  });
  const lines = text.split('\n');
  assert.equal(lines[0], 'acme (1.0.0) unstable; urgency=medium');
  assert.equal(lines[1], '');
  assert.equal(lines[2], '  * Generated by cronpack 0.1.0 from git 1a2b3c4d5e6f.');
  assert.match(lines[3] ?? '', /^ {2}\* x x/);
  assert.match(lines[4] ?? '', /^ {4}x x/);
  assert.ok(lines.every((line) => line.length <= 80));
  assert.equal(lines.at(-2), ' -- ACME Ops <ops@acme.example>  Thu, 01 Jan 2026 00:00:00 +0000');
  assert.equal(lines.at(-1), '', 'ends with a newline');
});

test('changelog.gz: gzip -9n equivalent (no name, mtime 0), same bytes every time', () => {
  const gz = gzipReproducibly('acme (1.0.0) unstable; urgency=medium\n');
  assert.deepEqual([...gz.subarray(0, 4)], [0x1f, 0x8b, 8, 0], 'deflate, no FNAME flag');
  assert.equal(gz.readUInt32LE(4), 0, 'mtime 0');
  assert.equal(gz[8], 2, 'XFL 2: maximum compression');
  assert.ok(gz.equals(gzipReproducibly('acme (1.0.0) unstable; urgency=medium\n')));
  assert.equal(gunzipSync(gz).toString(), 'acme (1.0.0) unstable; urgency=medium\n');
});

test('md5sums: sorted, two blanks, no leading slash', () => {
  assert.equal(
    renderMd5sums([
      { path: 'usr/share/b', content: 'b' },
      { path: '/usr/share/a', content: Buffer.from('a') },
    ]),
    '0cc175b9c0f1b6a831c399e269772661  usr/share/a\n92eb5ffee6ae2fec3ad71c777531578f  usr/share/b\n',
  );
});

test('interpreters: dependencies for the ones Debian packages, lintian tags for "#!" lines as written', () => {
  const at = (path: string, text: string, executable = true) => analyzeScript(`usr/share/acme/scripts/${path}`, Buffer.from(text), executable);
  assert.deepEqual(at('a.py', '#!/usr/bin/env python3\n'), { depends: 'python3', tags: [] });
  assert.deepEqual(at('a.js', '#!/usr/bin/env node\n'), { depends: 'nodejs', tags: [] });
  assert.deepEqual(at('a.sh', '#!/bin/sh\n'), { tags: [] });
  assert.deepEqual(at('a.pl', '#!/usr/bin/perl -w\n'), { depends: 'perl:any', tags: [] }, 'as dh_perl: perl:any');
  assert.deepEqual(at('no-shebang', 'echo hi\n'), { tags: [] });
  assert.deepEqual(at('a.pl', '#!/usr/bin/env perl\n').tags.map((t) => t.tag), ['incorrect-path-for-interpreter']);
  assert.deepEqual(at('a.ts', '#!/usr/bin/env tsx\n').tags.map((t) => t.tag), ['unusual-interpreter']);
  assert.deepEqual(at('a.sh', '#!/usr/bin/bash\n').tags.map((t) => t.tag), ['wrong-path-for-interpreter']);
  assert.deepEqual(at('a.sh', '#!/usr/local/bin/zsh\n').tags.map((t) => t.tag), ['wrong-path-for-interpreter'], 'lintian knows zsh: a wrong path');
  assert.deepEqual(at('a', '#!/usr/local/bin/mytool\n').tags.map((t) => t.tag), ['interpreter-in-usr-local']);
  assert.deepEqual(at('lib.sh', '#!/bin/sh\n', false).tags.map((t) => t.tag), ['script-not-executable']);
  assert.deepEqual(at('lib.py', '#!/usr/bin/python3\n', false), { tags: [] }, 'lintian exempts .py below /usr/share, and no dependency for what is not run');
  assert.deepEqual(at('a.rb', '#!/usr/bin/ruby\n').depends, 'ruby');
});

test('debhelper .install paths: blanks and glob characters become "?"', () => {
  assert.equal(installPattern('bin/a b[1]*.sh'), 'bin/a?b?1??.sh');
  assert.equal(installPattern('bin/plain.sh'), 'bin/plain.sh');
});
