import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A webhook signing secret, encrypted with AES-256-GCM under WEBHOOK_SECRET_KEY (the subscription id is
 * the additional authenticated data: a row copied to another subscription does not decrypt). The current
 * secret has no `validUntil`; a rotated one signs too until its `validUntil` (the overlap).
 */
@Entity({ name: 'webhook_secrets' })
export class WebhookSecretEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ type: 'bytea' })
  ciphertext!: Buffer;

  @Column({ type: 'bytea' })
  iv!: Buffer;

  @Column({ name: 'auth_tag', type: 'bytea' })
  authTag!: Buffer;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil!: Date | null;
}
