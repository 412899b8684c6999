import 'reflect-metadata';
import { Client } from 'pg';
import { migrate, recreateDatabase } from '../../libs/persistence/src/data-source';
import { TEST_DATABASE_URL, TEST_KAFKA_PORT } from './env';
import { isPortOpen, KafkaBroker } from './kafka-broker';

declare global {
  // Shared with global-teardown, which Jest runs in the same process.
  var penghubungTestBroker: KafkaBroker | undefined;
}

async function assertPostgresReachable(): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${url.host} (${(error as Error).message}). ` +
        `'npm test' starts a local server when it can; otherwise start it, or set TEST_DATABASE_URL.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Once per run: a fresh test database with every migration applied from nothing, and a real Kafka
 * broker (started here unless one already listens on the test port, e.g. kept running by a developer).
 */
export default async function globalSetup(): Promise<void> {
  await assertPostgresReachable();
  await recreateDatabase(TEST_DATABASE_URL);
  await migrate(TEST_DATABASE_URL);

  if (!(await isPortOpen(TEST_KAFKA_PORT))) {
    const broker = new KafkaBroker(TEST_KAFKA_PORT, `kafka-test-${TEST_KAFKA_PORT}`);
    await broker.start();
    globalThis.penghubungTestBroker = broker;
  }
}
