import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The router writes one audit entry per batch of routed records and one per subscription that received
 * some of them (`records.routed`, `records.delivered`), naming the records in `details.recordIds`. A
 * record's trail and status find those entries through this index; entries without `recordIds` are not in
 * it (a GIN index skips null keys), so it costs nothing for the rest of the log.
 */
export class IndexAuditRecordBatches1764335000000 implements MigrationInterface {
  name = 'IndexAuditRecordBatches1764335000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE INDEX audit_log_record_ids ON audit_log USING gin ((details -> 'recordIds') jsonb_path_ops)",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX audit_log_record_ids');
  }
}
