import { databaseEnv, loadConfig, runMain } from '@app/core';
import { migrate } from '../data-source';

/** `npm run db:migrate`: creates the database if missing and applies pending migrations. */
runMain('migrate', async () => {
  const config = loadConfig({ DATABASE_URL: databaseEnv.DATABASE_URL });
  const applied = await migrate(config.DATABASE_URL);
  process.stdout.write(
    applied.length ? `applied migrations: ${applied.join(', ')}\n` : 'database is up to date\n',
  );
});
