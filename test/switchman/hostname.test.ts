import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalNameFromHosts, resolveFqdn } from '../../src/switchman/hostname.js';

const HOSTS = `127.0.0.1\tlocalhost
# 127.0.1.1 commented.example.com box1
127.0.1.1\tbox1.prod.example.com box1   # Debian's installer writes this
::1     localhost ip6-localhost
`;

test('the canonical name is the first name of the first /etc/hosts line naming the host', () => {
  assert.equal(canonicalNameFromHosts(HOSTS, 'box1'), 'box1.prod.example.com');
  assert.equal(canonicalNameFromHosts(HOSTS, 'BOX1'), 'box1.prod.example.com');
  assert.equal(canonicalNameFromHosts(HOSTS, 'box1.prod.example.com'), 'box1.prod.example.com');
  assert.equal(canonicalNameFromHosts(HOSTS, 'commented.example.com'), undefined);
  assert.equal(canonicalNameFromHosts(HOSTS, 'box2'), undefined);
});

test('SWITCHMAN_HOSTNAME, then the config, then /etc/hosts, then `hostname -f`, then the short name', async () => {
  let ranHostnameF = 0;
  const base = {
    shortName: () => 'box1',
    etcHosts: () => HOSTS,
    hostnameF: async () => {
      ranHostnameF += 1;
      return 'box1.dns.example.com';
    },
  };
  assert.equal(await resolveFqdn({ ...base, env: { SWITCHMAN_HOSTNAME: 'from-env' }, configHostname: 'from-config' }), 'from-env');
  assert.equal(await resolveFqdn({ ...base, env: {}, configHostname: 'from-config' }), 'from-config');
  assert.equal(await resolveFqdn({ ...base, env: {}, configHostname: undefined }), 'box1.prod.example.com');
  assert.equal(ranHostnameF, 0, 'no process is spawned when /etc/hosts knows the host');
  assert.equal(await resolveFqdn({ ...base, etcHosts: () => undefined, env: {}, configHostname: undefined }), 'box1.dns.example.com');
  assert.equal(await resolveFqdn({ ...base, etcHosts: () => '', hostnameF: async () => undefined, env: {}, configHostname: undefined }), 'box1');
});
