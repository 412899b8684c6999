import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type DeliveryModeStaged = 'webhook' | 'pull';
export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'cancelled';

/**
 * One record for one webhook or pull subscription, staged by the dispatcher before its Kafka offset moved
 * (the outbox). `body` is the JSON the subscriber receives, built once, so that every retry and replay
 * sends the same bytes under the same `webhook-id` (the record id).
 */
@Entity({ name: 'deliveries' })
export class DeliveryEntity {
  /** bigint: a string. Staging order, and so per-key order within a subscription. */
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ name: 'record_id', type: 'uuid' })
  recordId!: string;

  /** The subscribing agency. */
  @Column({ name: 'agency_id', type: 'varchar', length: 64 })
  agencyId!: string;

  @Column({ type: 'varchar', length: 16 })
  mode!: DeliveryModeStaged;

  @Column({ type: 'varchar', length: 249 })
  topic!: string;

  @Column({ type: 'varchar', length: 64 })
  publisher!: string;

  @Column({ name: 'record_key', type: 'text', nullable: true })
  recordKey!: string | null;

  @Column({ name: 'record_time', type: 'timestamptz' })
  recordTime!: Date;

  @Column({ name: 'schema_id', type: 'integer' })
  schemaId!: number;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @Column({ name: 'source_partition', type: 'integer' })
  sourcePartition!: number;

  @Column({ name: 'source_offset', type: 'bigint' })
  sourceOffset!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  /** How often the subscriber asked for it again (replay); part of the audit ids of its outcomes. */
  @Column({ type: 'integer' })
  replays!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** Pull: handed out and hidden until then. */
  @Column({ name: 'invisible_until', type: 'timestamptz', nullable: true })
  invisibleUntil!: Date | null;

  /** Pull: the hand-out this row belongs to (what a cursor acknowledges). */
  @Column({ name: 'lease_token', type: 'uuid', nullable: true })
  leaseToken!: string | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ name: 'last_latency_ms', type: 'integer', nullable: true })
  lastLatencyMs!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  /**
   * When the row reached its final status (delivered, dead, cancelled); null while pending. Set by a
   * trigger on every change of `status`; the dispatcher purges rows settled longer than DELIVERY_RETENTION_MS
   * ago (their history stays in the audit log).
   */
  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
