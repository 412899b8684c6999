import { ApiProperty } from '@nestjs/swagger';
import { AuditEntryResponse } from '../../audit/dto/audit.response';
import { type RecordDelivery, type RecordPublication, type RecordTrail } from '../record-trail';

export class RecordPublicationResponse implements RecordPublication {
  @ApiProperty({ type: String, nullable: true, description: 'The publishing agency' })
  agencyId!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty()
  seq!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
}

export class RecordDeliveryResponse implements RecordDelivery {
  @ApiProperty({ type: String, nullable: true, description: 'The receiving agency' })
  agencyId!: string | null;

  @ApiProperty({ type: [String], description: 'Field paths delivered' })
  fields!: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty()
  seq!: string;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  subscriptionId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
}

export class RecordTrailResponse implements RecordTrail {
  @ApiProperty({ format: 'uuid' })
  recordId!: string;

  @ApiProperty({ type: String, nullable: true })
  topic!: string | null;

  @ApiProperty({ type: RecordPublicationResponse, nullable: true })
  published!: RecordPublicationResponse | null;

  @ApiProperty({ type: [RecordDeliveryResponse] })
  deliveries!: RecordDeliveryResponse[];

  @ApiProperty({ type: [AuditEntryResponse], description: 'Oldest first' })
  entries!: AuditEntryResponse[];
}
