import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaConfig } from 'kafkajs';
import type { KafkaOptions, KafkaTls } from '@app/kafka';

/**
 * Where the test suite finds its real dependencies. A separate broker port and database from the ones
 * `npm start` uses, so that tests never touch a running demo.
 */
export const TEST_KAFKA_PORT = Number(process.env.TEST_KAFKA_PORT ?? 19092);
export const TEST_KAFKA_BROKERS = `127.0.0.1:${TEST_KAFKA_PORT}`;
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/penghubung_test';

/**
 * The test broker's security (scripts/kafka.sh's default, mtls, unless TEST_KAFKA_SECURITY=plaintext) and
 * the certificates of this installation (scripts/pki.sh): apps under test connect as their own principals,
 * a test's own clients as the operator.
 */
export const TEST_KAFKA_SECURITY = process.env.TEST_KAFKA_SECURITY === 'plaintext' ? 'plaintext' : 'mtls';
export const TEST_PKI_DIR = process.env.KAFKA_PKI_DIR ?? join(__dirname, '..', '..', '.run', 'pki');

/** The TLS identity of a principal whose certificate scripts/pki.sh made (undefined on a plaintext broker). */
export function testKafkaTls(principal = 'penghubung-operator'): KafkaTls | undefined {
  if (TEST_KAFKA_SECURITY === 'plaintext') return undefined;
  const read = (file: string): string => readFileSync(join(TEST_PKI_DIR, file), 'utf8');
  return { ca: read('ca.crt'), cert: read(`${principal}.crt`), key: read(`${principal}.key`) };
}

/** The bootstrap admin key of every app under test: random per test process, never written down. */
export const TEST_ADMIN_KEY = `test-admin-${randomBytes(24).toString('base64url')}`;

/** Environment for an app under test: real broker and database, quiet logs, fast start-up failure. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: TEST_KAFKA_BROKERS,
    KAFKA_SECURITY: TEST_KAFKA_SECURITY,
    KAFKA_TLS_DIR: TEST_PKI_DIR,
    DATABASE_URL: TEST_DATABASE_URL,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    LOG_FORMAT: 'json',
    KAFKA_CONNECT_TIMEOUT_MS: '20000',
    DATABASE_CONNECT_TIMEOUT_MS: '20000',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    // Revocations and suspensions must show within a test's patience.
    AUTH_CACHE_TTL_MS: '1000',
    ...overrides,
  };
}

/**
 * How a test's own Kafka client connects (the one place that knows the broker's security settings): a
 * KafkaClient, or a raw kafkajs client for tests that play an outside producer or consumer.
 */
export function testKafkaOptions(clientId: string, principal?: string): KafkaOptions {
  const tls = testKafkaTls(principal);
  return { brokers: [TEST_KAFKA_BROKERS], clientId, connectTimeoutMs: 20_000, ...(tls ? { tls } : {}) };
}

export function testKafkajsConfig(clientId: string, principal?: string): KafkaConfig {
  const tls = testKafkaTls(principal);
  return {
    brokers: [TEST_KAFKA_BROKERS],
    clientId,
    ...(tls ? { ssl: { ca: [tls.ca], cert: tls.cert, key: tls.key } } : {}),
  };
}
