import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaEnv, loadConfig, StartupError } from '@app/core';
import { kafkaTlsFromConfig } from './kafka-tls';

describe('kafkaTlsFromConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'));
  writeFileSync(join(dir, 'ca.crt'), 'CA');
  writeFileSync(join(dir, 'penghubung-router.crt'), 'CERT');
  writeFileSync(join(dir, 'penghubung-router.key'), 'KEY');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = (vars: Record<string, string>) => loadConfig(kafkaEnv, vars);

  it('is mtls by default and needs certificates: the error names the variables', () => {
    expect(() => kafkaTlsFromConfig(config({}), 'penghubung-router')).toThrow(StartupError);
    expect(() => kafkaTlsFromConfig(config({}), 'penghubung-router')).toThrow(
      /set KAFKA_TLS_DIR .*penghubung-router\.crt.* or KAFKA_TLS_CA_FILE; KAFKA_SECURITY=plaintext only/,
    );
  });

  it("reads the principal's files from KAFKA_TLS_DIR", () => {
    expect(kafkaTlsFromConfig(config({ KAFKA_TLS_DIR: dir }), 'penghubung-router')).toEqual({
      ca: 'CA',
      cert: 'CERT',
      key: 'KEY',
    });
  });

  it('takes an explicit file over the directory, and names a file it cannot read', () => {
    const other = join(dir, 'other.crt');
    writeFileSync(other, 'OTHER');
    const tls = kafkaTlsFromConfig(
      config({ KAFKA_TLS_DIR: dir, KAFKA_TLS_CERT_FILE: other }),
      'penghubung-router',
    );
    expect(tls?.cert).toBe('OTHER');
    expect(() => kafkaTlsFromConfig(config({ KAFKA_TLS_DIR: dir }), 'penghubung-gateway')).toThrow(
      /cannot read .*penghubung-gateway\.crt \(from KAFKA_TLS_DIR\): ENOENT/,
    );
  });

  it('is off only when asked for: plaintext', () => {
    expect(kafkaTlsFromConfig(config({ KAFKA_SECURITY: 'plaintext' }), 'penghubung-router')).toBeUndefined();
    expect(() => config({ KAFKA_SECURITY: 'none' })).toThrow(
      /KAFKA_SECURITY: expected one of mtls, plaintext/,
    );
  });
});
