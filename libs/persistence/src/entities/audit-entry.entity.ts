import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AuditActorType = 'admin' | 'agency' | 'system' | 'anonymous';

/**
 * One entry of the append-only, hash-chained audit log. `hash` covers every other column and the previous
 * entry's hash, so an edit, a deletion or a reordering breaks the chain at that entry.
 */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  /** Gap-free position in the chain (assigned under a lock, not by a sequence). Bigint: a string. */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', unique: true })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType!: AuditActorType;

  /** Agency id, admin key prefix or app name; null for anonymous. */
  @Column({ name: 'actor_id', type: 'varchar', length: 100, nullable: true })
  actorId!: string | null;

  /** Dotted verb, e.g. `agency.created`, `schema.registered`, `record.published`, `record.delivered`. */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'target_type', type: 'varchar', length: 32, nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 255, nullable: true })
  targetId!: string | null;

  /** The agency the entry concerns besides the actor (e.g. the receiving agency of a delivery). */
  @Column({ name: 'agency_id', type: 'varchar', length: 64, nullable: true })
  agencyId!: string | null;

  @Column({ type: 'varchar', length: 249, nullable: true })
  topic!: string | null;

  @Column({ name: 'record_id', type: 'uuid', nullable: true })
  recordId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, string | number | boolean | null | object>;

  @Column({ name: 'source_ip', type: 'varchar', length: 64, nullable: true })
  sourceIp!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
