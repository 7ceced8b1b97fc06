// The name group entries are matched against: the FQDN as `hostname -f` prints it.
// SWITCHMAN_HOSTNAME (env) wins over the config's "hostname", which wins over the lookup.
// The lookup does what `hostname -f` does with Debian's default nsswitch ("hosts: files dns"):
// the canonical name of the first /etc/hosts entry naming this host; only when /etc/hosts does
// not name it is `hostname -f` itself run (which asks DNS).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';

export const HOSTNAME_ENV = 'SWITCHMAN_HOSTNAME';

export interface HostnameSource {
  env: NodeJS.ProcessEnv;
  configHostname: string | undefined;
  /** gethostname(2). */
  shortName?: () => string;
  /** Contents of /etc/hosts, or undefined when unreadable. */
  etcHosts?: () => string | undefined;
  /** Runs `hostname -f`; resolves to undefined when it fails. */
  hostnameF?: () => Promise<string | undefined>;
}

export function runHostnameF(timeoutMs = 3000): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('hostname', ['-f'], { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout) => {
      const name = stdout.trim();
      resolve(error === null && name !== '' ? name : undefined);
    });
  });
}

function readEtcHosts(): string | undefined {
  try {
    return readFileSync('/etc/hosts', 'utf8');
  } catch {
    return undefined;
  }
}

/** The canonical (first) name of the first /etc/hosts line that lists `name`. */
export function canonicalNameFromHosts(hostsText: string, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const rawLine of hostsText.split('\n')) {
    const line = rawLine.replace(/#.*/, '').trim();
    if (line === '') continue;
    const names = line.split(/\s+/).slice(1);
    if (names.some((n) => n.toLowerCase() === wanted)) return names[0];
  }
  return undefined;
}

export async function resolveFqdn(source: HostnameSource): Promise<string> {
  const fromEnv = source.env[HOSTNAME_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (source.configHostname !== undefined) return source.configHostname;
  const short = (source.shortName ?? osHostname)();
  const hosts = (source.etcHosts ?? readEtcHosts)();
  const fromHosts = hosts === undefined ? undefined : canonicalNameFromHosts(hosts, short);
  if (fromHosts !== undefined) return fromHosts;
  return (await (source.hostnameF ?? runHostnameF)()) ?? short;
}
