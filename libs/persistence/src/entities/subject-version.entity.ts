import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One version of a subject: which schema, who registered it and when (the subject's changelog). */
@Entity({ name: 'subject_versions' })
export class SubjectVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  subject!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'schema_id', type: 'integer' })
  schemaId!: number;

  /** Soft delete: ignored by compatibility checks and listings, still resolvable by schema id. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** Principal that registered it, e.g. `admin:bootstrap` or `agency:dukcapil`. */
  @Column({ name: 'registered_by', type: 'varchar', length: 100 })
  registeredBy!: string;

  @Column({ name: 'registered_at', type: 'timestamptz', default: () => 'now()' })
  registeredAt!: Date;
}
