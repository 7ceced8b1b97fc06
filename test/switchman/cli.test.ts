import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from '../../src/switchman/cli.js';

test('the cron.d form of the original parses', () => {
  const parsed = parseArgs(['--config', '/etc/switchman.conf', '--group', 'scripts1', '--lockname', 'job', '--', '/usr/bin/foo', '--mod', '2']);
  assert.deepEqual(parsed, {
    kind: 'run',
    configPath: '/etc/switchman.conf',
    group: 'scripts1',
    lockname: 'job',
    noLock: false,
    busyExitCode: 0,
    notAllowedExitCode: 0,
    leases: [],
    command: '/usr/bin/foo',
    args: ['--mod', '2'],
  });
});

test('short options, = forms and defaults', () => {
  const parsed = parseArgs(['-c', 'x.conf', '-g=ignored']);
  assert.equal(parsed.kind, 'error');
  const ok = parseArgs(['-c', 'x.conf', '-g', 'g1', '--no-lock', '--', '/opt/bin/report.pl', 'a b']);
  assert.equal(ok.kind, 'run');
  if (ok.kind !== 'run') return;
  assert.equal(ok.configPath, 'x.conf');
  assert.equal(ok.lockname, 'report.pl', 'the lock name defaults to the basename of CMD');
  assert.equal(ok.noLock, true);
  assert.deepEqual(ok.args, ['a b']);
  const eq = parseArgs(['--config=/c', '--group=g', '--lockname=l', '--', 'true']);
  assert.equal(eq.kind === 'run' && `${eq.configPath} ${eq.group} ${eq.lockname}`, '/c g l');
  const dflt = parseArgs(['--', 'true']);
  assert.equal(dflt.kind === 'run' && dflt.configPath, '/etc/switchman.conf');
});

test('options after -- belong to the command', () => {
  const parsed = parseArgs(['-g', 'g', '--', 'cmd', '-g', '--help']);
  assert.equal(parsed.kind === 'run' && parsed.args.join(' '), '-g --help');
  const bare = parseArgs(['-g', 'g', 'cmd', '--help']);
  assert.equal(bare.kind === 'run' && `${bare.command} ${bare.args.join(' ')}`, 'cmd --help');
});

test('help, version, and usage errors', () => {
  assert.equal(parseArgs(['-h']).kind, 'help');
  assert.equal(parseArgs(['--help', '--', 'x']).kind, 'help');
  assert.equal(parseArgs(['-v']).kind, 'version');
  assert.match((parseArgs(['-g', 'g']) as { message: string }).message, /no command/);
  assert.match((parseArgs(['--bogus', '--', 'x']) as { message: string }).message, /unknown option --bogus/);
  assert.match((parseArgs(['-g']) as { message: string }).message, /needs a group/);
});

test('--lease: repeatable, kept as given; its syntax is checked at once, its values on the box', () => {
  const parsed = parseArgs(['--lease', 'r=1:3', '--lease=FQDN_mem=4:int(MEMMB/1024)', '--lease', 'c=1:1/(CPU-2)', '--', 'x']);
  assert.equal(parsed.kind, 'run');
  assert.deepEqual(parsed.kind === 'run' && parsed.leases, ['r=1:3', 'FQDN_mem=4:int(MEMMB/1024)', 'c=1:1/(CPU-2)']);
  const refused: Array<[string[], RegExp]> = [
    [['--lease', 'cpu:1:4', '--', 'x'], /expected RESOURCE=COUNT:TOTAL/],
    [['--lease=mem=1G:8G', '--', 'x'], /COUNT "1G": unknown name "G" .*\(at character 2\)/],
    [['--lease', 'r=system("rm"):3', '--', 'x'], /unknown name "system"/],
    [['--lease', 'a/b=1:3', '--', 'x'], /RESOURCE must be one ZooKeeper node name/],
    [['--lease', '--', 'x'], /expected RESOURCE=COUNT:TOTAL/],
    [['--lease'], /needs RESOURCE=COUNT:TOTAL/],
    [['--queue', 'q', '--', 'x'], /unknown option --queue/],
    // Queue places are named after the lock: with --lease it must be valid even with --no-lock.
    [['--no-lock', '--lease', 'r=1:1', '--', '/'], /invalid lock name/],
  ];
  for (const [argv, message] of refused) {
    const result = parseArgs(argv);
    assert.equal(result.kind, 'error', argv.join(' '));
    assert.match((result as { message: string }).message, message);
  }
});

test('the quiet outcomes can get their own exit codes', () => {
  const parsed = parseArgs(['--lock-busy-exit-code', '3', '--not-allowed-exit-code=4', '--', 'x']);
  assert.equal(parsed.kind === 'run' && `${parsed.busyExitCode} ${parsed.notAllowedExitCode}`, '3 4');
  assert.equal(parseArgs(['--lock-busy-exit-code', '256', '--', 'x']).kind, 'error');
  assert.equal(parseArgs(['--lock-busy-exit-code', 'x', '--', 'x']).kind, 'error');
});

test('switchman status', () => {
  assert.deepEqual(parseArgs(['status']), { kind: 'status', configPath: '/etc/switchman.conf', json: false });
  assert.deepEqual(parseArgs(['status', '-c', '/c', '--json']), { kind: 'status', configPath: '/c', json: true });
  assert.equal(parseArgs(['status', 'extra']).kind, 'error');
  const runStatus = parseArgs(['--', 'status']);
  assert.equal(runStatus.kind === 'run' && runStatus.command, 'status', 'after --, "status" is a command');
});

test('lock names ZooKeeper would refuse are usage errors (64), before any config or ZooKeeper', () => {
  for (const name of ['a\nb', 'x\u0001', 'end\uffff', 'y'.repeat(513)]) {
    const parsed = parseArgs(['-g', 'g', '--lockname', name, '--', 'true']);
    assert.equal(parsed.kind, 'error', JSON.stringify(name));
    assert.match(parsed.kind === 'error' ? parsed.message : '', /^invalid lock name /);
  }
  const root = parseArgs(['-g', 'g', '--', '/']);
  assert.equal(root.kind, 'error', '"-- /" has no lock name: a usage error, not a config error');
  assert.equal(parseArgs(['-g', 'g', '--no-lock', '--', '/']).kind, 'run', 'without a lock, no lock name is needed');
});
