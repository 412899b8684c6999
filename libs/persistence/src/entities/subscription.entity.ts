import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export type SubscriptionStatus = 'pending' | 'active' | 'rejected' | 'suspended' | 'ended' | 'expired';
export type DeliveryMode = 'kafka' | 'webhook' | 'pull';

/**
 * An agency's request to receive a topic: why (purpose, legal basis), which fields (projection), which
 * records (filter), how (delivery mode) and until when. Only active, unexpired subscriptions receive data.
 */
@Entity({ name: 'subscriptions' })
export class SubscriptionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 249 })
  topic!: string;

  /** The subscribing agency. */
  @Column({ name: 'agency_id', type: 'varchar', length: 64 })
  agencyId!: string;

  @Column({ type: 'text' })
  purpose!: string;

  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis!: string;

  /** Field paths of the topic's schema that this subscription may receive. */
  @Column({ type: 'jsonb' })
  fields!: string[];

  /** Filter expression over record fields (see libs/routing); null receives every record. */
  @Column({ type: 'text', nullable: true })
  filter!: string | null;

  @Column({ name: 'delivery_mode', type: 'varchar', length: 16 })
  deliveryMode!: DeliveryMode;

  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl!: string | null;

  /**
   * Webhook subscriptions: keep the order of records with the same key (a record waits while an earlier one
   * of its key is still being delivered). False lets every record go on its own. Always true for the other
   * modes.
   */
  @Column({ name: 'ordered_delivery', type: 'boolean', default: true })
  orderedDelivery!: boolean;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  status!: SubscriptionStatus;

  /** Reason given with the last decision (approve, reject, suspend, end). */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 100, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** Registry subject holding the projected schema the subscriber decodes with. */
  @Column({ name: 'projected_subject', type: 'varchar', length: 255, nullable: true })
  projectedSubject!: string | null;

  /** The subscription this one amends; it replaces that one when approved. */
  @Column({ type: 'uuid', nullable: true })
  supersedes!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Optimistic lock: concurrent decisions on one subscription cannot both win. */
  @VersionColumn({ name: 'row_version', type: 'integer' })
  rowVersion!: number;
}
