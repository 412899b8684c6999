import { createDataSource, type DataSource, migrate, recreateDatabase } from '@app/persistence';
import { Client } from 'pg';
import { TEST_DATABASE_URL } from './env';
import { uniqueName } from './unique';

/**
 * A migrated database of a test's own, for tests that must do what nobody else may see (tamper with the
 * audit log, stop the world). Dropped by `drop()`.
 */
export async function createScratchDatabase(
  prefix: string,
): Promise<{ url: string; dataSource: DataSource; drop(): Promise<void> }> {
  const url = new URL(TEST_DATABASE_URL);
  const name = uniqueName(prefix)
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase();
  url.pathname = `/${name}`;
  await recreateDatabase(url.toString());
  await migrate(url.toString());
  const dataSource = createDataSource(url.toString(), { poolSize: 4 });
  await dataSource.initialize();
  return {
    url: url.toString(),
    dataSource,
    async drop() {
      await dataSource.destroy();
      const admin = new URL(TEST_DATABASE_URL);
      admin.pathname = '/postgres';
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
