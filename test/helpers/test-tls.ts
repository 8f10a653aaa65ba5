import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway CA and a server certificate it signed, for `localhost` and `127.0.0.1`. */
export interface TestTls {
  readonly caPem: string;
  readonly serverKeyPem: string;
  readonly serverCertPem: string;
}

let cached: { cluster: TestTls; stranger: TestTls } | null = null;

/**
 * Two independent throwaway PKIs made with `openssl` (Node 20 cannot create X.509 certificates):
 * `cluster` plays the EKS cluster CA, `stranger` a CA the client must not trust. Test-only keys,
 * generated per run in a temporary directory, valid for one day.
 *
 * @throws Error when `openssl` is not installed, saying so.
 */
export function testTls(): { cluster: TestTls; stranger: TestTls } {
  if (cached) return cached;
  if (spawnSync('openssl', ['version']).status !== 0) {
    throw new Error(
      'openssl is not installed: the Kubernetes API tests need it to make a throwaway CA (apt-get install openssl)',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'k8s-tls-'));
  cached = { cluster: makePki(dir, 'cluster'), stranger: makePki(dir, 'stranger') };
  return cached;
}

function makePki(dir: string, name: string): TestTls {
  const file = (suffix: string): string => join(dir, `${name}-${suffix}`);
  const openssl = (args: string[]): void => {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '1',
    '-subj',
    `/CN=${name}-test-ca`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl([
    'req',
    '-new',
    ...ec,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=localhost',
  ]);
  writeFileSync(
    file('server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  openssl([
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '1',
    '-extfile',
    file('server.ext'),
  ]);
  return {
    caPem: readFileSync(file('ca.pem'), 'utf8'),
    serverKeyPem: readFileSync(file('server.key'), 'utf8'),
    serverCertPem: readFileSync(file('server.pem'), 'utf8'),
  };
}
