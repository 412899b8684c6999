import { randomBytes } from 'node:crypto';
import type { KafkaConfig } from 'kafkajs';
import type { KafkaOptions } from '@app/kafka';

/**
 * Where the test suite finds its real dependencies. A separate broker port and database from the ones
 * `npm start` uses, so that tests never touch a running demo.
 */
export const TEST_KAFKA_PORT = Number(process.env.TEST_KAFKA_PORT ?? 19092);
export const TEST_KAFKA_BROKERS = `127.0.0.1:${TEST_KAFKA_PORT}`;
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/penghubung_test';

/** The bootstrap admin key of every app under test: random per test process, never written down. */
export const TEST_ADMIN_KEY = `test-admin-${randomBytes(24).toString('base64url')}`;

/** Environment for an app under test: real broker and database, quiet logs, fast start-up failure. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: TEST_KAFKA_BROKERS,
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
export function testKafkaOptions(clientId: string): KafkaOptions {
  return { brokers: [TEST_KAFKA_BROKERS], clientId, connectTimeoutMs: 20_000 };
}

export function testKafkajsConfig(clientId: string): KafkaConfig {
  return { brokers: [TEST_KAFKA_BROKERS], clientId };
}
