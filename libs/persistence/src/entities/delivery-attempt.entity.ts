import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What one webhook attempt gave: `delivered` (2xx), `failed` (other status, timeout, network), `refused`
 * (the SSRF guard or the URL policy stopped it before connecting), `gone` (410), `waiting` (no signing
 * secret yet: not counted as an attempt), `dead` (the last attempt failed: dead-lettered).
 */
export type DeliveryAttemptOutcome = 'delivered' | 'failed' | 'refused' | 'gone' | 'waiting' | 'dead';

@Entity({ name: 'delivery_attempts' })
export class DeliveryAttemptEntity {
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'delivery_id', type: 'bigint' })
  deliveryId!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'varchar', length: 16 })
  outcome!: DeliveryAttemptOutcome;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ name: 'latency_ms', type: 'integer', nullable: true })
  latencyMs!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'attempted_at', type: 'timestamptz' })
  attemptedAt!: Date;
}
