import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PublishedRecordStatus = 'pending' | 'accepted';

/**
 * A record the gateway accepted (or is accepting): the idempotency ledger, and the first line of a
 * record's status. `pending` rows are reservations taken before producing; a crash leaves them stale and
 * a retry of the same id takes them over.
 */
@Entity({ name: 'published_records' })
export class PublishedRecordEntity {
  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId!: string;

  @Column({ type: 'varchar', length: 249 })
  topic!: string;

  @Column({ name: 'publisher_agency_id', type: 'varchar', length: 64 })
  publisherAgencyId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: PublishedRecordStatus;

  @Column({ name: 'schema_id', type: 'integer' })
  schemaId!: number;

  @Column({ type: 'integer', nullable: true })
  partition!: number | null;

  /** Kafka offset (64-bit): a string. */
  @Column({ type: 'bigint', nullable: true })
  offset!: string | null;

  @Column({ name: 'reserved_at', type: 'timestamptz' })
  reservedAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;
}
