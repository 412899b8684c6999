import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The registry's changelog of a subject reads the audit entries of that subject (`target_type = 'subject'`,
 * `target_id` = its name); without this index that is a scan of the whole, ever-growing log.
 */
export class IndexAuditTarget1764300000030 implements MigrationInterface {
  name = 'IndexAuditTarget1764300000030';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX audit_log_target ON audit_log (target_type, target_id, seq) WHERE target_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX audit_log_target');
  }
}
