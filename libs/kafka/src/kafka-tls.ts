import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConfigOf, type kafkaEnv, StartupError } from '@app/core';

/** PEM texts of a client's TLS identity: the CA it trusts, its certificate and its private key. */
export interface KafkaTls {
  ca: string;
  cert: string;
  key: string;
}

/**
 * The TLS identity of one principal from configuration: each file from its own variable, else from
 * KAFKA_TLS_DIR (`ca.crt`, `<principal>.crt`, `<principal>.key`, the layout scripts/pki.sh writes).
 * Undefined on a plaintext broker. Throws a StartupError naming the variable when a file is missing.
 */
export function kafkaTlsFromConfig(
  config: ConfigOf<typeof kafkaEnv>,
  principal: string,
): KafkaTls | undefined {
  if (config.KAFKA_SECURITY === 'plaintext') return undefined;
  const dir = config.KAFKA_TLS_DIR;
  const read = (variable: string, explicit: string | undefined, file: string): string => {
    const path = explicit ?? (dir === undefined ? undefined : join(dir, file));
    if (path === undefined)
      throw new StartupError(
        `Kafka TLS: set KAFKA_TLS_DIR (a directory with ca.crt, ${principal}.crt and ${principal}.key) or ` +
          `${variable}; KAFKA_SECURITY=plaintext only for a development broker without TLS`,
      );
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new StartupError(
        `Kafka TLS: cannot read ${path} (${explicit === undefined ? 'from KAFKA_TLS_DIR' : variable}): ${
          (error as NodeJS.ErrnoException).code ?? String(error)
        }`,
      );
    }
  };
  return {
    ca: read('KAFKA_TLS_CA_FILE', config.KAFKA_TLS_CA_FILE, 'ca.crt'),
    cert: read('KAFKA_TLS_CERT_FILE', config.KAFKA_TLS_CERT_FILE, `${principal}.crt`),
    key: read('KAFKA_TLS_KEY_FILE', config.KAFKA_TLS_KEY_FILE, `${principal}.key`),
  };
}
