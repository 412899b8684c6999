import { ApiProperty } from '@nestjs/swagger';
import { type AuditEntryView } from '../audit-entry-view';

export class AuditActorResponse {
  @ApiProperty({ enum: ['admin', 'agency', 'system', 'anonymous'] })
  type!: string;

  @ApiProperty({ type: String, nullable: true })
  id!: string | null;
}

export class AuditEntryResponse implements AuditEntryView {
  @ApiProperty({ description: 'Position in the chain (a decimal string)' })
  seq!: string;

  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: AuditActorResponse })
  actor!: AuditActorResponse;

  @ApiProperty({ example: 'subscription.approved' })
  action!: string;

  @ApiProperty({ type: String, nullable: true })
  targetType!: string | null;

  @ApiProperty({ type: String, nullable: true })
  targetId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The agency the entry concerns' })
  agencyId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  topic!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  recordId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true })
  sourceIp!: string | null;

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;

  @ApiProperty()
  prevHash!: string;

  @ApiProperty()
  hash!: string;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse], description: 'Newest first' })
  entries!: AuditEntryResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next (older) page' })
  nextCursor!: string | null;
}

export class AuditVerificationResponse {
  @ApiProperty()
  valid!: boolean;

  @ApiProperty({ description: 'Entries verified (before the break, when broken)' })
  entries!: number;

  @ApiProperty({ required: false, description: 'Hash of the last entry (valid chains)' })
  head?: string;

  @ApiProperty({ required: false, description: 'seq of the first entry where the chain breaks' })
  brokenAt?: string;

  @ApiProperty({ required: false })
  reason?: string;
}
