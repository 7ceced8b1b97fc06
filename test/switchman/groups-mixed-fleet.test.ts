// A fleet may run the Perl App::Switchman 1.16 on some boxes and ours on others, against one
// groups document: for each case of docs/switchman-groups.md, ours must give the verdict the
// table says, agree with Perl on whether the job runs unless the row says it differs, and
// (where perl is installed) Perl itself must give the outcome the table says: the Perl column
// is checked against a transcription of get_group_hosts / load_prefix_data run by perl.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
// A namespace import: on a groups.ts without judgeGroup the checkPermission cases still run, each failing on its own.
import * as groupsModule from '../../src/switchman/groups.js';
import { prng } from '../support/prng.js';
import { ROOT } from './harness.js';

type Ours = 'allowed' | 'not-in-group' | 'unknown-group' | 'malformed-group' | 'document-error';

interface Case {
  id: number;
  /** The data of the `<prefix>` node. */
  doc: string;
  group: string;
  host: string;
  /** What Perl does: runs the job, skips it quietly (exit 0), or dies with this message. */
  perl: 'runs' | 'skips' | { dies: string };
  /** Perl prints "Use of uninitialized value" warnings to stderr (cron mails them). */
  perlWarns?: true;
  ours: Ours;
  /** A warning ours returns (to be logged), about the asked group or the document. */
  warning?: RegExp;
  /** Why ours deliberately gives another outcome than Perl. */
  differs?: string;
}

const CASES: Case[] = [
  // A bad entry in another group: only the asked group is read (Pm 219).
  { id: 1, doc: '{"groups":{"g":"vm1","h":5}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed', warning: /group "h" must be a host name/ },
  { id: 2, doc: '{"groups":{"g":"vm1","h":null}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed', warning: /group "h" is null: not described/ },
  { id: 3, doc: '{"groups":{"g":["vm1"],"h":["vm2",7,{"x":1}]}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed', warning: /group "h": entry 3 is an object, ignored/ },
  { id: 4, doc: '{"groups":{"g":"vm1","h":""}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed', warning: /group "h" is an empty string/ },
  // Bad entries in the asked group's list: each is read as Perl reads it (Pm 221).
  { id: 5, doc: '{"groups":{"g":["vm1",7]}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed', warning: /entry 2 is the number 7, read as the name "7"/ },
  { id: 6, doc: '{"groups":{"g":["vm1",7],"7":"vm2"}}', group: 'g', host: 'vm2', perl: 'runs', ours: 'allowed' },
  { id: 7, doc: '{"groups":{"g":["vm1",null]}}', group: 'g', host: 'vm1', perl: 'runs', perlWarns: true, ours: 'allowed', warning: /entry 2 is null/ },
  { id: 8, doc: '{"groups":{"g":[null],"":"vm1"}}', group: 'g', host: 'vm1', perl: 'runs', perlWarns: true, ours: 'allowed' },
  { id: 9, doc: '{"groups":{"g":["vm1",{"x":1}]}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed', warning: /entry 2 is an object, ignored/ },
  { id: 10, doc: '{"groups":{"g":[["vm1"]]}}', group: 'g', host: 'vm1', perl: 'skips', ours: 'not-in-group', warning: /entry 1 is a list \(lists are not flattened\)/ },
  { id: 11, doc: '{"groups":{"g":[true],"1":"vm1"}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed', warning: /entry 1 is true, read as the name "1"/ },
  { id: 12, doc: '{"groups":{"g":[false],"0":"vm1"}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed' },
  { id: 13, doc: '{"groups":{"g":["vm1",""]}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed' },
  { id: 14, doc: '{"groups":{"g":[1.50]}}', group: 'g', host: '1.5', perl: 'runs', ours: 'allowed' },
  // The asked group's own value (Pm 219-220).
  { id: 15, doc: '{"groups":{"g":""}}', group: 'g', host: 'vm1', perl: { dies: 'Group <g> is not described' }, ours: 'malformed-group' },
  { id: 16, doc: '{"groups":{"g":null}}', group: 'g', host: 'vm1', perl: { dies: 'Group <g> is not described' }, ours: 'malformed-group' },
  { id: 17, doc: '{"groups":{"g":"0"}}', group: 'g', host: '0', perl: { dies: 'Group <g> is not described' }, ours: 'malformed-group' },
  { id: 18, doc: '{"groups":{"g":0}}', group: 'g', host: 'vm1', perl: { dies: 'Group <g> is not described' }, ours: 'malformed-group' },
  { id: 19, doc: '{"groups":{"g":false}}', group: 'g', host: 'vm1', perl: { dies: 'Group <g> is not described' }, ours: 'malformed-group' },
  { id: 20, doc: '{"groups":{"g":[]}}', group: 'g', host: 'vm1', perl: 'skips', ours: 'not-in-group' },
  { id: 21, doc: '{"groups":{"g":5}}', group: 'g', host: 'vm1', perl: 'skips', ours: 'malformed-group', differs: 'a number is no group: say so, do not skip quietly' },
  { id: 22, doc: '{"groups":{"g":5}}', group: 'g', host: '5', perl: 'runs', ours: 'malformed-group', differs: 'a number is no group, even on a box named "5"' },
  { id: 23, doc: '{"groups":{"g":true}}', group: 'g', host: 'vm1', perl: 'skips', ours: 'malformed-group', differs: 'true is no group: say so, do not skip quietly' },
  { id: 24, doc: '{"groups":{"g":{"vm1":1}}}', group: 'g', host: 'vm1', perl: 'skips', ours: 'malformed-group', differs: 'an object is no group: say so, do not skip quietly' },
  // Subgroups (Pm 221-226).
  { id: 25, doc: '{"groups":{"g":["a","vm9"],"a":["b"],"b":"vm1"}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed' },
  { id: 26, doc: '{"groups":{"g":["vm1","h"],"h":null}}', group: 'g', host: 'vm1', perl: { dies: 'Group <h> is not described' }, ours: 'malformed-group' },
  { id: 27, doc: '{"groups":{"g":["vm1","h"],"h":"0"}}', group: 'g', host: 'vm1', perl: { dies: 'Group <h> is not described' }, ours: 'malformed-group' },
  { id: 28, doc: '{"groups":{"g":["vm1","h"],"h":{}}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed', warning: /group "h" must be a host name or a list of names, not an object/ },
  { id: 29, doc: '{"groups":{"g":["h"],"h":5,"5":"vm1"}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed' },
  { id: 30, doc: '{"groups":{"g":["h"],"h":[]}}', group: 'g', host: 'vm1', perl: 'skips', ours: 'not-in-group' },
  { id: 31, doc: '{"groups":{"g":["h","vm9"],"h":["g"]}}', group: 'g', host: 'vm1', perl: 'skips', ours: 'not-in-group' },
  { id: 32, doc: '{"groups":{"g":["vm1","g"]}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed' },
  { id: 33, doc: '{"groups":{"g":["vm1"],"vm1":"vm2"}}', group: 'g', host: 'vm1', perl: 'skips', ours: 'not-in-group' },
  { id: 34, doc: '{"groups":{"g":["vm1"],"vm1":"vm2"}}', group: 'g', host: 'vm2', perl: 'runs', ours: 'allowed' },
  // Host matching (Pm 301-302).
  { id: 35, doc: '{"groups":{"g":"VM1.example.com"}}', group: 'g', host: 'vm1.example.com', perl: 'skips', ours: 'not-in-group' },
  { id: 36, doc: '{"groups":{"g":"vm1"}}', group: 'g', host: 'vm1.example.com', perl: 'skips', ours: 'not-in-group' },
  { id: 37, doc: '{"groups":{"g":"vm1.example.com."}}', group: 'g', host: 'vm1.example.com', perl: 'skips', ours: 'not-in-group' },
  // Unknown groups and the document itself (Pm 219, 366-383).
  { id: 38, doc: '{"groups":{"g":"vm1"}}', group: 'x', host: 'vm1', perl: { dies: 'Group <x> is not described' }, ours: 'unknown-group' },
  { id: 39, doc: '{"groups":{"constructor":"vm1"}}', group: 'toString', host: 'vm1', perl: { dies: 'Group <toString> is not described' }, ours: 'unknown-group' },
  { id: 40, doc: '{"groups":{"constructor":"vm1"}}', group: 'constructor', host: 'vm1', perl: 'runs', ours: 'allowed' },
  { id: 41, doc: '{"groups":{"g":"vm2","g":"vm1"}}', group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed' },
  { id: 42, doc: '{}', group: 'g', host: 'vm1', perl: { dies: 'Group <g> is not described' }, ours: 'unknown-group' },
  { id: 43, doc: '', group: 'g', host: 'vm1', perl: { dies: 'Group <g> is not described' }, ours: 'unknown-group' },
  { id: 44, doc: '0', group: 'g', host: 'vm1', perl: { dies: 'Group <g> is not described' }, ours: 'document-error' },
  { id: 45, doc: '{"groups":null}', group: 'g', host: 'vm1', perl: { dies: 'Group <g> is not described' }, ours: 'unknown-group' },
  { id: 46, doc: '{"groups":0}', group: 'g', host: 'vm1', perl: { dies: 'Group <g> is not described' }, ours: 'document-error' },
  { id: 47, doc: '{"groups":["vm1"]}', group: 'g', host: 'vm1', perl: { dies: 'Bad prefix data: groups should be a hash' }, ours: 'document-error' },
  { id: 48, doc: '[]', group: 'g', host: 'vm1', perl: { dies: 'Bad prefix data: hashref expected' }, ours: 'document-error' },
  { id: 49, doc: 'null', group: 'g', host: 'vm1', perl: { dies: 'Could not decode data: ' }, ours: 'document-error' },
  { id: 50, doc: '{', group: 'g', host: 'vm1', perl: { dies: 'Could not decode data: ' }, ours: 'document-error' },
  {
    id: 51,
    doc: '{"resources":"cpu","groups":{"g":"vm1"}}',
    group: 'g',
    host: 'vm1',
    perl: { dies: 'Bad prefix data: resources should be an array' },
    ours: 'allowed',
    warning: /"resources" must be a list: the Perl switchman refuses this document for every job/,
    differs: 'we have no resources: one bad key must not stop every job',
  },
];

function oursFor(c: Case): { verdict: Ours; warnings: string[] } {
  const parsed = groupsModule.parseGroupsDocument(c.doc);
  if (!parsed.ok) return { verdict: 'document-error', warnings: [] };
  const judged = groupsModule.judgeGroup(parsed.groups, c.group, c.host);
  return { verdict: judged.permission, warnings: [...parsed.warnings, ...judged.warnings] };
}

function perlClass(perl: Case['perl']): 'runs' | 'skips' | 'fails' {
  return typeof perl === 'string' ? perl : 'fails';
}

function oursClass(ours: Ours): 'runs' | 'skips' | 'fails' {
  return ours === 'allowed' ? 'runs' : ours === 'not-in-group' ? 'skips' : 'fails';
}

test('the table has the cases the docs promise: at least 24, numbered 1..n', () => {
  assert.ok(CASES.length >= 24);
  assert.deepEqual(
    CASES.map((c) => c.id),
    CASES.map((_, i) => i + 1),
  );
});

test('what runner.ts acts on: parseGroupsDocument and checkPermission give each case its exit', () => {
  // checkPermission has three answers: a malformed group is 'unknown-group', which exits 78 too.
  const expected = (ours: Ours): string => (ours === 'malformed-group' ? 'unknown-group' : ours);
  const wrong: string[] = [];
  for (const c of CASES) {
    const parsed = groupsModule.parseGroupsDocument(c.doc);
    const got = parsed.ok ? groupsModule.checkPermission(parsed.groups, c.group, c.host) : 'document-error';
    if (got !== expected(c.ours)) wrong.push(`case ${c.id}: ${c.doc} -g ${c.group} on ${c.host}: ${got}, not ${expected(c.ours)}`);
  }
  assert.deepEqual(wrong, []);
});

test('judgeGroup gives each case the verdict of the table, with the warning it lists', () => {
  const wrong: string[] = [];
  for (const c of CASES) {
    const { verdict, warnings } = oursFor(c);
    if (verdict !== c.ours) wrong.push(`case ${c.id}: ${verdict}, not ${c.ours}`);
    if (c.warning !== undefined && !warnings.some((w) => c.warning!.test(w))) wrong.push(`case ${c.id}: no warning ${c.warning} in ${JSON.stringify(warnings)}`);
  }
  assert.deepEqual(wrong, []);
});

test('ours agrees with Perl on whether the job runs, except where a row says why not', () => {
  for (const c of CASES) {
    const same = perlClass(c.perl) === oursClass(c.ours);
    assert.equal(same, c.differs === undefined, `case ${c.id}: Perl ${JSON.stringify(c.perl)}, ours ${c.ours}, differs: ${c.differs ?? '-'}`);
  }
});

// get_group_hosts (Pm 212-228), load_prefix_data (366-383) and is_group_serviced (301-302) as
// App::Switchman 1.16 writes them, with _error as a plain die and List::MoreUtils' part and uniq
// as List::MoreUtils::PP defines them; JSON::PP is what JSON.pm uses without JSON::XS.
const PERL_ORACLE = String.raw`
use strict; use warnings; use JSON::PP;
sub part (&@) { my ($code, @list) = @_; my @parts; push @{ $parts[ $code->($_) ] }, $_ foreach @list; return @parts }
sub uniq (@) { my %seen = (); my $k; my $seen_undef; grep { defined $_ ? not $seen{ $k = $_ }++ : not $seen_undef++ } @_ }
sub _error { die "$_[0]\n" }
sub get_group_hosts {
    my $groups = shift; my $group = shift; my $seen = shift || {$group => 1};
    my $items = $groups->{$group} or _error(sprintf "Group <%s> is not described", $group);
    $items = [$items] unless ref $items eq 'ARRAY';
    my ($subgroups, $hosts) = part {exists $groups->{$_} ? 0 : 1} @$items;
    for my $subgroup (@$subgroups) {
        next if $seen->{$subgroup};
        $seen->{$subgroup} = 1;
        push @$hosts, @{get_group_hosts($groups, $subgroup, $seen)};
    }
    return [uniq @$hosts];
}
sub load_prefix_data {
    my $json_data = shift;
    my (%data, $prefix_data);
    if ($json_data) {
        $prefix_data = eval {JSON::PP->new->allow_nonref->decode($json_data)};
        if (!$prefix_data || $@) { _error("Could not decode data: $@") }
        elsif (ref $prefix_data ne 'HASH') { _error("Bad prefix data: hashref expected") }
        if ($prefix_data->{resources} && ref $prefix_data->{resources} ne 'ARRAY') { _error("Bad prefix data: resources should be an array") }
        if ($prefix_data->{groups} && ref $prefix_data->{groups} ne 'HASH') { _error("Bad prefix data: groups should be a hash") }
    }
    $data{resources} = $prefix_data->{resources} || [];
    $data{groups} = $prefix_data->{groups} || {};
    return \%data;
}
my $cases = do { local $/; JSON::PP->new->utf8->decode(<STDIN>) };
for my $case (@$cases) {
    my $warned = 0;
    local $SIG{__WARN__} = sub { $warned++ };
    my $outcome = eval {
        my $data = load_prefix_data($case->{doc});
        my $hosts = get_group_hosts($data->{groups}, $case->{group});
        my $fqdn = $case->{host};
        (grep {$fqdn eq $_} @$hosts) ? 'runs' : 'skips';
    };
    if (!defined $outcome) { ($outcome = "dies: $@") =~ s/\n.*//s }
    print JSON::PP->new->canonical->encode({id => $case->{id}, outcome => $outcome, warned => $warned ? JSON::PP::true : JSON::PP::false}), "\n";
}
`;

function perlMissing(): string | undefined {
  const probe = spawnSync('perl', ['-MJSON::PP', '-e', '1'], { stdio: 'ignore' });
  return probe.error !== undefined || probe.status !== 0 ? 'perl with JSON::PP is not installed' : undefined;
}

test('the Perl column is what Perl does', { skip: process.env['CI'] === 'true' ? false : perlMissing() }, () => {
  const results = runPerl(CASES.map(({ id, doc, group, host }) => ({ id, doc, group, host })));
  assert.equal(results.size, CASES.length);
  for (const c of CASES) {
    const result = results.get(c.id);
    const expected = typeof c.perl === 'string' ? c.perl : `dies: ${c.perl.dies}`;
    // "Could not decode data: <JSON::PP's reason>": the reason is JSON::PP's, not Switchman's.
    if (typeof c.perl !== 'string' && c.perl.dies.endsWith(': ')) assert.ok(result?.outcome.startsWith(expected), `case ${c.id}: ${result?.outcome}`);
    else assert.equal(result?.outcome, expected, `case ${c.id}: ${c.doc}`);
    assert.equal(result?.warned, c.perlWarns === true, `case ${c.id}: Perl warnings`);
  }
});

function runPerl(cases: Array<{ id: number; doc: string; group: string; host: string }>): Map<number, { outcome: string; warned: boolean }> {
  const run = spawnSync('perl', ['-e', PERL_ORACLE], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  const results = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; outcome: string; warned: boolean });
  return new Map(results.map((r) => [r.id, r]));
}

/** A random document of every shape Perl and JSON allow, nested less than JSON::PP's 512 levels. */
function randomDocument(r: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
  const names = ['g', 'h', 'a', '0', '1', '', '5', '1.5', 'vm1', 'vm2', 'x y'];
  const scalar = (): string => pick(['0', '1', '5', '7', '1.5', '-0', '0.0', 'true', 'false', 'null', '""', '"0"', '{}', '{"vm1":1}', '[]']);
  const entry = (): string => (r() < 0.6 ? JSON.stringify(pick(names)) : r() < 0.8 ? scalar() : `[${JSON.stringify(pick(names))}]`);
  const value = (): string => (r() < 0.35 ? JSON.stringify(pick(names)) : r() < 0.8 ? `[${Array.from({ length: Math.floor(r() * 5) }, entry).join(',')}]` : scalar());
  const groups = `{${Array.from({ length: Math.floor(r() * 7) }, () => `${JSON.stringify(pick(names))}:${value()}`).join(',')}}`;
  const resources = r() < 0.1 ? `,"resources":${pick(['[]', '"cpu"', '{}', '0', 'null', '["cpu"]'])}` : '';
  return r() < 0.9 ? `{"groups":${groups}${resources}}` : pick(['', '0', '{}', 'null', '[]', '{"groups":0}', '{"groups":[]}', '{"groups":""}', '{"groups":null}', '{', `{"groups":${scalar()}}`]);
}

test('random documents: ours and Perl agree on whether the job runs, but for the documented differences', { skip: process.env['CI'] === 'true' ? false : perlMissing() }, () => {
  const r = prng(2016);
  const cases = Array.from({ length: 1500 }, (_, id) => ({ id, doc: randomDocument(r), group: ['g', 'h', '0', '', 'a'][Math.floor(r() * 5)] as string, host: ['vm1', 'vm2', '0', '1', '5'][Math.floor(r() * 5)] as string }));
  const perl = runPerl(cases);
  const wrong: string[] = [];
  for (const c of cases) {
    const perlOutcome = perl.get(c.id)?.outcome ?? 'missing';
    const perlSays = perlOutcome.startsWith('dies') ? 'fails' : perlOutcome;
    const { verdict } = oursFor({ ...c, perl: 'runs', ours: 'allowed' });
    let raw: unknown;
    try {
      raw = c.doc === '' ? {} : JSON.parse(c.doc);
    } catch {
      raw = undefined;
    }
    const doc = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const groups = typeof doc['groups'] === 'object' && doc['groups'] !== null ? (doc['groups'] as Record<string, unknown>) : {};
    const asked = Object.hasOwn(groups, c.group) ? groups[c.group] : undefined;
    const resources = doc['resources'];
    // The documented differences: the asked group is a number, true or an object (rows 21-24); a bad "resources" (row 51).
    const askedMalformed = (typeof asked === 'number' && asked !== 0) || asked === true || (typeof asked === 'object' && asked !== null && !Array.isArray(asked));
    const badResources = resources !== undefined && resources !== null && resources !== 0 && !Array.isArray(resources);
    if (askedMalformed) {
      if (verdict !== 'malformed-group') wrong.push(`${c.doc} -g ${JSON.stringify(c.group)} on ${c.host}: ours ${verdict}, not malformed-group`);
    } else if (!badResources && perlSays !== oursClass(verdict)) {
      wrong.push(`${c.doc} -g ${JSON.stringify(c.group)} on ${c.host}: Perl ${perlOutcome}, ours ${verdict}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('deeper than 512 levels: Perl refuses the whole document (JSON::PP and JSON::XS max_depth); ours only warns about the group that holds it', { skip: process.env['CI'] === 'true' ? false : perlMissing() }, () => {
  const doc = `{"groups":{"g":"vm1","h":[${'['.repeat(600)}${']'.repeat(600)}]}}`;
  assert.match(runPerl([{ id: 1, doc, group: 'g', host: 'vm1' }]).get(1)?.outcome ?? '', /^dies: Could not decode data: .*nesting/);
  assert.equal(oursFor({ id: 0, doc, group: 'g', host: 'vm1', perl: 'runs', ours: 'allowed' }).verdict, 'allowed');
});

test('docs/switchman-groups.md has a row for every case, saying what the table says', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'switchman-groups.md'), 'utf8');
  const rows = new Map<number, string[]>();
  for (const line of doc.split('\n')) {
    const cells = line.split(' | ').map((c) => c.replace(/^\|\s*|\s*\|$/g, '').trim());
    const id = Number(cells[0]);
    if (cells.length === 7 && Number.isInteger(id) && id > 0) rows.set(id, cells);
  }
  assert.deepEqual([...rows.keys()].sort((a, b) => a - b), CASES.map((c) => c.id));
  const oursWords: Record<Ours, RegExp> = {
    allowed: /^runs/,
    'not-in-group': /^skips/,
    'unknown-group': /^exit 78/,
    'malformed-group': /^exit 78/,
    'document-error': /^exit 78/,
  };
  for (const c of CASES) {
    const [, docCell, group, host, perl, , ours] = rows.get(c.id) as string[];
    assert.equal(docCell, c.doc === '' ? '(empty)' : `\`${c.doc}\``, `row ${c.id}`);
    assert.equal(group, `\`${c.group}\``, `row ${c.id}`);
    assert.equal(host, `\`${c.host}\``, `row ${c.id}`);
    assert.ok(perl!.startsWith(typeof c.perl === 'string' ? c.perl : `dies: \`${c.perl.dies.trim()}`), `row ${c.id} Perl: ${perl}`);
    assert.match(ours!, oursWords[c.ours], `row ${c.id} ours: ${ours}`);
    assert.equal(/\*\*differs\*\*/.test(ours!), c.differs !== undefined, `row ${c.id}: "**differs**" marks exactly the rows that differ`);
  }
});
