import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAgencies1764270000000 implements MigrationInterface {
  name = 'CreateAgencies1764270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE agencies (
        id varchar(64) PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,63}$'),
        name varchar(200) NOT NULL,
        contact varchar(320),
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE agencies');
  }
}
