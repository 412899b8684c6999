import 'reflect-metadata';
import {
  AgencyEntity,
  createDataSource,
  type DataSource,
  MIGRATIONS,
  QueryFailedError,
} from '@app/persistence';
import { TEST_DATABASE_URL } from '../support/env';
import { uniqueName } from '../support/unique';

describe('PostgreSQL through TypeORM with migrations', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = createDataSource(TEST_DATABASE_URL, { poolSize: 2 });
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('has every migration applied by the global set-up, and none pending', async () => {
    const rows: { name: string }[] = await dataSource.query(
      'SELECT name FROM typeorm_migrations ORDER BY id',
    );
    expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('round-trips an agency', async () => {
    const repository = dataSource.getRepository(AgencyEntity);
    const id = uniqueName('dinas').toLowerCase();
    await repository.insert({ id, name: 'Dinas Kependudukan', contact: 'data@example.go.id' });
    const loaded = await repository.findOneByOrFail({ id });
    expect(loaded).toMatchObject({
      id,
      name: 'Dinas Kependudukan',
      contact: 'data@example.go.id',
      status: 'active',
    });
    expect(loaded.createdAt).toBeInstanceOf(Date);
  });

  it('refuses an agency id that is not a slug, at the database level', async () => {
    const repository = dataSource.getRepository(AgencyEntity);
    await expect(repository.insert({ id: 'Not A Slug!', name: 'x' })).rejects.toBeInstanceOf(
      QueryFailedError,
    );
  });
});
