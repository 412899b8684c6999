import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreatePublishedRecords1764320000000 implements MigrationInterface {
  name = 'CreatePublishedRecords1764320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE published_records (
        record_id uuid PRIMARY KEY,
        topic varchar(249) NOT NULL,
        publisher_agency_id varchar(64) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('pending', 'accepted')),
        schema_id integer NOT NULL,
        partition integer,
        "offset" bigint,
        reserved_at timestamptz NOT NULL,
        accepted_at timestamptz,
        CHECK ((status = 'accepted') = (accepted_at IS NOT NULL AND "offset" IS NOT NULL))
      )`);
    // The idempotency window is enforced by deleting accepted rows older than it.
    await queryRunner.query('CREATE INDEX published_records_accepted_at ON published_records (accepted_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE published_records');
  }
}
