import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A registry subject (e.g. `kependudukan.kelahiran.v1-value`), owned by an agency or by the operators. */
@Entity({ name: 'subjects' })
export class SubjectEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  name!: string;

  /** The agency that may register and delete; null when only admins may. */
  @Column({ name: 'owner_agency_id', type: 'varchar', length: 64, nullable: true })
  ownerAgencyId!: string | null;

  /** Subject-level compatibility level; null means the global level applies. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  compatibility!: string | null;

  /** Subject-level mode (READWRITE, READONLY, IMPORT); null means the global mode applies. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  mode!: string | null;

  /** Highest version number ever given in this subject: new versions continue after it. */
  @Column({ name: 'last_version', type: 'integer', default: 0 })
  lastVersion!: number;

  /** Set when the whole subject is soft-deleted. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
