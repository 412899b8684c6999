import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaTls } from '@app/kafka';

/**
 * How the benchmark reaches its broker: as scripts/kafka.sh started it (bench/run.sh passes
 * BENCH_KAFKA_SECURITY, default mtls, and KAFKA_PKI_DIR). Apps get their own identities through
 * `benchKafkaEnv`; the benchmark's own clients and baselines connect as the operator.
 */
const security = process.env.BENCH_KAFKA_SECURITY === 'plaintext' ? 'plaintext' : 'mtls';
const pkiDir = process.env.KAFKA_PKI_DIR ?? join(__dirname, '..', '..', '.run', 'pki');

export const benchKafkaEnv: Record<string, string> = {
  BENCH_KAFKA_SECURITY: security,
  KAFKA_PKI_DIR: pkiDir,
  KAFKA_SECURITY: security,
  KAFKA_TLS_DIR: pkiDir,
};

export function benchKafkaTls(): KafkaTls | undefined {
  if (security === 'plaintext') return undefined;
  const read = (file: string): string => readFileSync(join(pkiDir, file), 'utf8');
  return { ca: read('ca.crt'), cert: read('penghubung-operator.crt'), key: read('penghubung-operator.key') };
}

/** kafkajs settings of the operator's identity, for raw kafkajs clients. */
export function benchKafkajsSsl(): { ssl?: { ca: string[]; cert: string; key: string } } {
  const tls = benchKafkaTls();
  return tls ? { ssl: { ca: [tls.ca], cert: tls.cert, key: tls.key } } : {};
}
