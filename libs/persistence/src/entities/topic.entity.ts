import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type TopicClassification = 'public' | 'internal' | 'confidential' | 'secret';

/** A data topic `<domain>.<dataset>.v<major>`, owned by one agency, bound to its value subject. */
@Entity({ name: 'topics' })
export class TopicEntity {
  @PrimaryColumn({ type: 'varchar', length: 249 })
  name!: string;

  @Column({ name: 'owner_agency_id', type: 'varchar', length: 64 })
  ownerAgencyId!: string;

  /** Value subject in the registry: `<name>-value`. */
  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'varchar', length: 16 })
  classification!: TopicClassification;

  @Column({ type: 'integer' })
  partitions!: number;

  /** Kafka retention.ms; -1 keeps records forever. Kept as a string: a bigint. */
  @Column({ name: 'retention_ms', type: 'bigint' })
  retentionMs!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
