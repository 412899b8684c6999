import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface SchemaReference {
  /** Full name of the referenced type as used in this schema. */
  name: string;
  subject: string;
  version: number;
}

/**
 * A schema as the registry knows it, with its global id. The same schema registered under several subjects
 * has one row; identity is the fingerprint of its canonical JSON plus its references.
 */
@Entity({ name: 'schemas' })
export class SchemaEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'schema_type', type: 'varchar', length: 16, default: 'AVRO' })
  schemaType!: string;

  /** The text exactly as first registered (Confluent clients expect their own text back). */
  @Column({ name: 'schema_text', type: 'text' })
  schemaText!: string;

  /** Canonical JSON: keys sorted, no whitespace; keeps docs, defaults, aliases and custom attributes. */
  @Column({ type: 'text' })
  canonical!: string;

  @Column({ type: 'char', length: 64, unique: true })
  fingerprint!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  references!: SchemaReference[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
