import { ApiProperty } from '@nestjs/swagger';
import { AuditEntryResponse } from '../../audit/dto/audit.response';
import { type RecordDelivery, type RecordPublication, type RecordTrail } from '../record-trail';

export class RecordPublicationResponse implements RecordPublication {
  @ApiProperty({ type: String, nullable: true, description: 'The publishing agency' })
  agencyId!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({
    description: "Audit entry that says so: the gateway's record.published or the router's records.routed",
  })
  seq!: string;

  @ApiProperty({ type: Number, nullable: true })
  partition!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Kafka offset (a 64-bit integer as a string)' })
  offset!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  schemaId!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      '`http` when published through the gateway; null when seen by the router only (direct producer)',
  })
  via!: string | null;
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

  @ApiProperty({ format: 'uuid' })
  subscriptionId!: string;

  @ApiProperty({ description: 'Kafka topic the copy was written to' })
  deliveryTopic!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Registry id of the projected schema' })
  schemaId!: number | null;
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
