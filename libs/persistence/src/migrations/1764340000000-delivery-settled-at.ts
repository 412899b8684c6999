import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * When each delivery reached its final status (delivered, dead, cancelled), so that the dispatcher can purge
 * the outbox rows older than DELIVERY_RETENTION_MS in small batches. Kept by the database rather than by each
 * writer (dispatcher outcomes and 410s, gateway acknowledgements and replays): every change of `status`
 * sets it, a replay (back to pending) clears it.
 */
export class DeliverySettledAt1764340000000 implements MigrationInterface {
  name = 'DeliverySettledAt1764340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE deliveries ADD COLUMN settled_at timestamptz');
    // Rows settled before this migration: their last known activity.
    await queryRunner.query(
      `UPDATE deliveries SET settled_at = GREATEST(created_at, last_attempt_at, delivered_at)
        WHERE status <> 'pending'`,
    );
    await queryRunner.query(`
      CREATE FUNCTION deliveries_settled_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.settled_at := CASE WHEN NEW.status = 'pending' THEN NULL ELSE now() END;
        RETURN NEW;
      END
      $$`);
    // Only when the status changes (retries of a pending row do not call the function).
    await queryRunner.query(
      `CREATE TRIGGER deliveries_settled_at_insert BEFORE INSERT ON deliveries
       FOR EACH ROW WHEN (NEW.status <> 'pending') EXECUTE FUNCTION deliveries_settled_at()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER deliveries_settled_at_update BEFORE UPDATE OF status ON deliveries
       FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION deliveries_settled_at()`,
    );
    // The purge's scan: oldest settled rows first.
    await queryRunner.query(
      `CREATE INDEX deliveries_settled ON deliveries (settled_at) WHERE status <> 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX deliveries_settled');
    await queryRunner.query('DROP TRIGGER deliveries_settled_at_update ON deliveries');
    await queryRunner.query('DROP TRIGGER deliveries_settled_at_insert ON deliveries');
    await queryRunner.query('DROP FUNCTION deliveries_settled_at()');
    await queryRunner.query('ALTER TABLE deliveries DROP COLUMN settled_at');
  }
}
