/**
 * The whole chain on this Debian machine, as root: switchman and cronpack built
 * from the top-level debian/ with dpkg-buildpackage, the demo's packages built
 * with cronpack package, Debian's ZooKeeper server, dpkg -i, and the real cron
 * daemon. A job scheduled every minute must fire through switchman (START and
 * FINISH lines, the lock node held while it runs) and leave its mark; with this
 * host removed from the group it must not run; dpkg --purge must remove every
 * file the packages installed.
 *
 * It installs packages and runs cron on the machine, so it runs under CI=true
 * (where it must) or with CRONPACK_E2E=1, and is skipped otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig, packageDebs, planCronFiles, lockNameFor } from '../../src/index.js';
import { repoRoot } from '../support/golden.js';
import { hasCommand } from '../support/require-tool.js';
import { ZkServer, zookeeperMissingReason } from '../support/zookeeper.js';
import { ZkAdmin } from '../switchman/harness.js';

const isWanted = process.env['CI'] === 'true' || process.env['CRONPACK_E2E'] === '1';
const prefix = '/switchman/acme';
const mark = '/var/tmp/acme-heartbeat';
const switchmanLog = '/var/log/switchman-e2e.log';

function missingPrerequisite(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  for (const tool of ['cron', 'dpkg', 'dpkg-buildpackage', 'python3', 'unshare']) if (!hasCommand(tool)) return `${tool} is not installed`;
  return zookeeperMissingReason();
}

const sh = (command: string, args: string[], options: { cwd?: string } = {}): string =>
  execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });

async function until<T>(what: string, timeoutMs: number, check: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Builds switchman and cronpack .debs from a copy of this repository (dpkg-buildpackage writes into the parent folder). */
function buildSelfPackages(work: string): string[] {
  const copy = join(work, 'cronpack');
  const files = sh('git', ['-C', repoRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(repoRoot, file))) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(copy, file));
    spawnSync('chmod', ['--reference', join(repoRoot, file), join(copy, file)]);
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
  sh('dpkg-buildpackage', ['-us', '-uc', '-b'], { cwd: copy });
  return readdirSync(work).filter((f) => f.endsWith('.deb')).map((f) => join(work, f));
}

test('the whole chain: dpkg-installed switchman and demo packages, real ZooKeeper, real cron', { timeout: 12 * 60_000 }, async (t) => {
  if (!isWanted) {
    t.skip('installs packages and runs cron on this machine: runs under CI=true, or set CRONPACK_E2E=1');
    return;
  }
  const missing = missingPrerequisite();
  assert.equal(missing, undefined, `the whole-chain test cannot run: ${missing}`);
  assert.notEqual(spawnSync('pgrep', ['-x', 'cron']).status, 0, 'another cron daemon is running on this machine; stop it first');

  const work = mkdtempSync(join(tmpdir(), 'cronpack-chain-'));
  const installed: string[] = [];
  let zk: ZkServer | undefined;
  let admin: ZkAdmin | undefined;
  let cron: ChildProcess | undefined;
  let listener: ChildProcess | undefined;
  const syslog = join(work, 'syslog.txt');
  const socket = join(work, 'log.sock');
  try {
    // 1. Packages: switchman from the top-level debian/, the demo's with cronpack package.
    const selfDebs = buildSelfPackages(work);
    assert.deepEqual(selfDebs.map((p) => p.split('/').pop()!.split('_')[0]).sort(), ['cronpack', 'switchman']);
    const lintian = spawnSync('lintian', ['--pedantic', '-I', '-E', ...selfDebs], { encoding: 'utf8' });
    const tags = lintian.stdout.split('\n').filter((l) => /^[EWIP]: /.test(l));
    console.log(`self-packages: lintian --pedantic over cronpack and switchman: exit ${lintian.status}, ${tags.length} tags`);
    assert.deepEqual(tags, [], 'the project\'s own packages are lintian-clean');
    assert.equal(lintian.status, 0);
    const demo = join(repoRoot, 'fixtures', 'demo');
    const packaged = await packageDebs({ root: demo, outDir: join(work, 'demo-debs'), source: 'e2e' });
    assert.deepEqual(packaged.diagnostics.filter((d) => d.severity === 'error'), []);
    t.diagnostic(`built ${[...selfDebs, ...packaged.debs.map((d) => d.path)].map((p) => p.split('/').pop()).join(', ')}`);

    // 2. ZooKeeper on 127.0.0.1, with this host (its FQDN) in the group of the heartbeat job.
    zk = await ZkServer.start({ tickTimeMs: 500 });
    admin = await ZkAdmin.connect(zk.connectString);
    const fqdn = sh('hostname', ['-f']).trim();
    await admin.setGroups(prefix, { scripts1: [fqdn], scripts2: [], scripts3: [] });

    // 3. dpkg -i everything; point switchman at our ZooKeeper.
    const debs = [...selfDebs, ...packaged.debs.map((d) => d.path)];
    rmSync(mark, { force: true });
    sh('dpkg', ['-i', ...debs]);
    installed.push(...debs.map((p) => p.split('/').pop()!.split('_')[0]!));
    const filesOf = Object.fromEntries(installed.map((pkg) => [pkg, sh('dpkg', ['-L', pkg]).split('\n').filter(Boolean)]));
    writeFileSync('/etc/switchman.conf', JSON.stringify({ zkhosts: zk.connectString, prefix, logfile: switchmanLog, loglevel: 'info', session_timeout: 10 }));
    rmSync(switchmanLog, { force: true });
    assert.ok(existsSync('/etc/cron.d/acme-scripts1'));
    // The installed cronpack works from its package, with Debian's layout.
    assert.match(sh('/usr/bin/cronpack', ['explain', '0 0 */2 * 1']), /odd-numbered days of the month that are also a Monday/);
    assert.match(sh('/usr/bin/cronpack', ['-C', demo, 'check']), /no problems/);

    // 4. The real cron daemon, in the foreground, logging to our syslog socket (bound over /dev/log in a private mount namespace).
    listener = spawn('python3', [join(repoRoot, 'test', 'e2e', 'syslog-listener.py'), socket, syslog], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => listener!.stdout!.once('data', () => resolve()));
    const devLog = existsSync('/dev/log') ? '' : 'touch /dev/log && ';
    cron = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', `${devLog}mount --bind "$1" /dev/log && mount -t tmpfs tmpfs /run && exec cron -f -L 15`, 'sh', socket], { stdio: 'inherit' });
    const cronLog = (): string => (existsSync(syslog) ? readFileSync(syslog, 'utf8') : '');
    await until('cron to start', 20_000, () => cronLog().includes('(CRON) INFO'));

    const loaded = await loadConfig(demo);
    const { files } = planCronFiles((await import('../../src/check.js').then((m) => m.check({ root: demo, config: loaded }))).jobs, loaded.config);
    const heartbeat = files.flatMap((f) => f.jobs).find((j) => j.job.script === 'maintenance/heartbeat.sh')!;
    const lockPath = `${prefix}/locks/${lockNameFor(heartbeat.job)}`;

    // 5. Within two minutes the job fires through switchman, holds its lock while it runs, and leaves a mark.
    const lock = await until('the heartbeat lock node', 130_000, async () => (await admin!.get(lockPath)) ?? undefined);
    assert.match(lock.data, new RegExp(`^${fqdn} \\d+$`), 'lock data is "<fqdn> <pid>"');
    const marks = await until('the heartbeat mark', 20_000, () => existsSync(mark) && readFileSync(mark, 'utf8'));
    const finish = await until('switchman FINISH line', 30_000, () => existsSync(switchmanLog) && /FINISH.*heartbeat/.test(readFileSync(switchmanLog, 'utf8')) && readFileSync(switchmanLog, 'utf8'));
    assert.match(finish, /START.*heartbeat/);
    await until('the lock to be released', 10_000, async () => (await admin!.get(lockPath)) === null);
    const errors = cronLog().split('\n').filter((l) => /acme|\*system\*/.test(l) && /ERROR|WRONG|INSECURE|bad /i.test(l));
    assert.deepEqual(errors, [], 'cron logged no error for the demo files');
    assert.match(cronLog(), /CMD \((\[\d+\] )?\[ -x \/usr\/share\/acme\/scripts\/maintenance\/heartbeat\.sh \]/);
    console.log(`whole chain: the job's mark:\n${marks.trimEnd().replace(/^/gm, '  ')}`);
    console.log(`whole chain: switchman log:\n${finish.trimEnd().split('\n').filter((l) => l.includes('heartbeat')).map((l) => `  ${l}`).join('\n')}`);

    // 6. Remove the host from the group: at the next minute cron still starts switchman, which does not run the job.
    await admin.setGroups(prefix, { scripts1: [], scripts2: [], scripts3: [] });
    const runsBefore = readFileSync(mark, 'utf8');
    const cmdCount = (): number => cronLog().split('\n').filter((l) => l.includes('CMD') && l.includes('heartbeat.sh')).length;
    const cmdsBefore = cmdCount();
    await until('cron to start the heartbeat line again', 75_000, () => cmdCount() > cmdsBefore);
    await new Promise((r) => setTimeout(r, 5000));
    assert.equal(readFileSync(mark, 'utf8'), runsBefore, 'no new mark once the host left the group');
    console.log('whole chain: host removed from the group; cron started the line, switchman did not run the job');

    // 7. dpkg --purge removes every file the packages installed.
    cron.kill('SIGTERM');
    sh('dpkg', ['--purge', ...installed]);
    const leftFiles = Object.values(filesOf).flat().filter((p) => existsSync(p) && !statSync(p).isDirectory());
    assert.deepEqual(leftFiles, [], 'dpkg --purge left files behind');
    assert.ok(!existsSync('/etc/cron.d/acme-scripts1') && !existsSync('/etc/switchman.conf'));
    installed.length = 0;
  } finally {
    cron?.kill('SIGKILL');
    listener?.kill('SIGKILL');
    admin?.close();
    await zk?.dispose();
    if (installed.length > 0) spawnSync('dpkg', ['--purge', ...installed]);
    rmSync(mark, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
});
