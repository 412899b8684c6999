import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type AgencyStatus = 'active' | 'suspended';

/** A government agency that publishes and/or subscribes. Its id is a stable slug such as `dukcapil`. */
@Entity({ name: 'agencies' })
export class AgencyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  contact!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: AgencyStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
