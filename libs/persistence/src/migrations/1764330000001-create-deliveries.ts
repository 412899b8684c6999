import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Delivery to agencies over webhooks and the pull API (issue 6): the dispatcher stages every record of a
 * webhook or pull subscription here (an outbox) before its Kafka offset moves, then works the rows off.
 * `delivery_attempts` keeps every webhook attempt; `webhook_endpoints` the health of each subscription's
 * endpoint; `webhook_secrets` the signing secrets, encrypted (AES-256-GCM) with WEBHOOK_SECRET_KEY.
 */
export class CreateDeliveries1764330000001 implements MigrationInterface {
  name = 'CreateDeliveries1764330000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        subscription_id uuid NOT NULL,
        record_id uuid NOT NULL,
        agency_id varchar(64) NOT NULL,
        mode varchar(16) NOT NULL CHECK (mode IN ('webhook', 'pull')),
        topic varchar(249) NOT NULL,
        publisher varchar(64) NOT NULL,
        record_key text,
        record_time timestamptz NOT NULL,
        schema_id integer NOT NULL,
        body text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        source_partition integer NOT NULL,
        source_offset bigint NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        replays integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        invisible_until timestamptz,
        lease_token uuid,
        last_attempt_at timestamptz,
        last_status_code integer,
        last_latency_ms integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subscription_id, record_id)
      )`);
    // The webhook workers' due scan, per subscription; the per-key order check; the pull scan.
    await queryRunner.query(
      `CREATE INDEX deliveries_webhook_due ON deliveries (subscription_id, next_attempt_at, id)
       WHERE status = 'pending' AND mode = 'webhook'`,
    );
    await queryRunner.query(
      `CREATE INDEX deliveries_pending_key ON deliveries (subscription_id, record_key, id) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX deliveries_pull_pending ON deliveries (subscription_id, id) WHERE status = 'pending' AND mode = 'pull'`,
    );
    await queryRunner.query(
      'CREATE INDEX deliveries_subscription_time ON deliveries (subscription_id, record_time)',
    );
    await queryRunner.query(
      `CREATE INDEX deliveries_subscription_status ON deliveries (subscription_id, status, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE delivery_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id bigint NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        outcome varchar(16) NOT NULL
          CHECK (outcome IN ('delivered', 'failed', 'refused', 'gone', 'waiting', 'dead')),
        status_code integer,
        latency_ms integer,
        error text,
        next_attempt_at timestamptz,
        attempted_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id)');
    await queryRunner.query(`
      CREATE TABLE webhook_endpoints (
        subscription_id uuid PRIMARY KEY,
        failing_since timestamptz,
        last_success_at timestamptz,
        last_failure_at timestamptz,
        last_error text,
        disabled_at timestamptz,
        disabled_reason text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_secrets (
        id uuid PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES subscriptions(id),
        ciphertext bytea NOT NULL,
        iv bytea NOT NULL,
        auth_tag bytea NOT NULL,
        created_by varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        valid_until timestamptz
      )`);
    // One current secret per subscription; rotated ones carry the end of their overlap in valid_until.
    await queryRunner.query(
      'CREATE UNIQUE INDEX webhook_secrets_one_current ON webhook_secrets (subscription_id) WHERE valid_until IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_secrets');
    await queryRunner.query('DROP TABLE webhook_endpoints');
    await queryRunner.query('DROP TABLE delivery_attempts');
    await queryRunner.query('DROP TABLE deliveries');
  }
}
