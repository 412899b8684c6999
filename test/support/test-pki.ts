import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KafkaTls } from '@app/kafka';
import { TEST_PKI_DIR } from './env';

/**
 * Client certificates a test needs that scripts/pki.sh does not make: signed by this installation's CA
 * (a principal with no rights yet), or by a CA of its own (one the broker must not trust). openssl, as
 * the operator would use it.
 */
export function issueTestCertificate(
  commonName: string,
  { unit = 'agency', foreignCa = false }: { unit?: string; foreignCa?: boolean } = {},
): KafkaTls {
  const dir = mkdtempSync(join(tmpdir(), 'penghubung-pki-'));
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  try {
    let caCert = join(TEST_PKI_DIR, 'ca.crt');
    let caKey = join(TEST_PKI_DIR, 'ca.key');
    if (foreignCa) {
      caCert = join(dir, 'foreign-ca.crt');
      caKey = join(dir, 'foreign-ca.key');
      openssl(
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/O=Penghubung/OU=local-ca/CN=Penghubung local CA',
        '-keyout',
        caKey,
        '-out',
        caCert,
      );
    }
    const ext = join(dir, 'ext.cnf');
    writeFileSync(ext, 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
    openssl(
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      `/O=Penghubung/OU=${unit}/CN=${commonName}`,
      '-keyout',
      join(dir, 'client.key'),
      '-out',
      join(dir, 'client.csr'),
    );
    openssl(
      'x509',
      '-req',
      '-in',
      join(dir, 'client.csr'),
      '-CA',
      caCert,
      '-CAkey',
      caKey,
      '-set_serial',
      `0x${Date.now().toString(16)}`,
      '-days',
      '2',
      '-extfile',
      ext,
      '-out',
      join(dir, 'client.crt'),
    );
    return {
      ca: readFileSync(join(TEST_PKI_DIR, 'ca.crt'), 'utf8'),
      cert: readFileSync(join(dir, 'client.crt'), 'utf8'),
      key: readFileSync(join(dir, 'client.key'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
