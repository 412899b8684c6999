import { ApiProperty } from '@nestjs/swagger';

export const VERSION_STATES = ['live', 'soft-deleted', 'permanently-deleted'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export class ChangelogVersionDto {
  @ApiProperty()
  version!: number;

  @ApiProperty({ description: 'Global schema id (stays resolvable after deletion)' })
  schemaId!: number;

  @ApiProperty({ enum: VERSION_STATES })
  state!: VersionState;

  @ApiProperty({ description: 'Who registered it, e.g. `agency:dukcapil` or `admin:bootstrap`' })
  registeredBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  registeredAt!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Who soft-deleted it' })
  deletedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deletedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who deleted it permanently' })
  permanentlyDeletedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  permanentlyDeletedAt!: string | null;
}

export class ChangelogEventDto {
  @ApiProperty({ description: 'Position in the audit log' })
  seq!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ description: 'Who did it' })
  by!: string;

  @ApiProperty({
    description:
      'schema.registered, schema.version_deleted, subject.deleted, subject.config_changed, subject.mode_changed, subject.owner_assigned',
  })
  action!: string;

  @ApiProperty({ type: Object, description: 'What changed, as written to the audit log' })
  details!: Record<string, unknown>;
}

export class SubjectChangelogResponse {
  @ApiProperty()
  subject!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The owning agency; null when only admins may change it',
  })
  owner!: string | null;

  @ApiProperty({ type: [ChangelogVersionDto], description: 'Every version ever registered, oldest first' })
  versions!: ChangelogVersionDto[];

  @ApiProperty({ type: [ChangelogEventDto], description: 'Every change of the subject, oldest first' })
  events!: ChangelogEventDto[];
}
