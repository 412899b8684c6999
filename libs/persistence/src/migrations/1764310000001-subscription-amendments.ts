import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Amendments: a changed subscription is a new pending row that points at the one it replaces; the old one
 * keeps delivering until the new one is approved. At most one pending amendment per subscription.
 */
export class SubscriptionAmendments1764310000001 implements MigrationInterface {
  name = 'SubscriptionAmendments1764310000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE subscriptions ADD COLUMN supersedes uuid REFERENCES subscriptions(id)',
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX subscriptions_one_pending_amendment ON subscriptions (supersedes)
       WHERE status = 'pending' AND supersedes IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX subscriptions_live_expiry ON subscriptions (expires_at)
       WHERE status IN ('pending', 'active', 'suspended')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX subscriptions_live_expiry');
    await queryRunner.query('DROP INDEX subscriptions_one_pending_amendment');
    await queryRunner.query('ALTER TABLE subscriptions DROP COLUMN supersedes');
  }
}
