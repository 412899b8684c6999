import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type TopicClassification } from '@app/persistence';
import { TOPIC_CLASSIFICATIONS, type TopicSchemaView, type TopicView } from '../topic-view';

export class TopicSchemaResponse implements TopicSchemaView {
  @ApiProperty({ description: 'Global schema id (the one in the wire format)' })
  id!: number;

  @ApiProperty({ type: Number, nullable: true })
  version!: number | null;
}

export class TopicResponse implements TopicView {
  @ApiProperty({ example: 'kependudukan.kelahiran.v1' })
  name!: string;

  @ApiProperty({ example: 'dukcapil' })
  ownerAgencyId!: string;

  @ApiProperty({ example: 'kependudukan.kelahiran.v1-value' })
  subject!: string;

  @ApiProperty({ enum: TOPIC_CLASSIFICATIONS })
  classification!: TopicClassification;

  @ApiProperty()
  partitions!: number;

  @ApiProperty({ description: 'Kafka retention.ms; -1 keeps records forever' })
  retentionMs!: number;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty()
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({
    type: TopicSchemaResponse,
    nullable: true,
    description: 'Latest value schema (reads of one topic); null while none is registered',
  })
  schema?: TopicSchemaResponse | null;
}
