import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Per-subscription ordering: `ordered_delivery` true (the default, and every existing subscription) keeps
 * the order of records with the same key for a webhook subscription — a record waits while an earlier one
 * of its key is still pending; false lets each record go on its own, so that one failing record does not
 * hold the later ones of its key.
 */
export class SubscriptionOrderedDelivery1764340000001 implements MigrationInterface {
  name = 'SubscriptionOrderedDelivery1764340000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE subscriptions ADD COLUMN ordered_delivery boolean NOT NULL DEFAULT true',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE subscriptions DROP COLUMN ordered_delivery');
  }
}
