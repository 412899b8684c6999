import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Global registry settings: `compatibility` (default BACKWARD) and `mode` (default READWRITE). */
@Entity({ name: 'registry_settings' })
export class RegistrySettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'varchar', length: 64 })
  value!: string;
}
