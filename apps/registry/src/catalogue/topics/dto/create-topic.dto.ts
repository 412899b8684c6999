import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { type TopicClassification } from '@app/persistence';
import { AGENCY_ID_PATTERN, TOPIC_NAME_PATTERN, Trim } from '../../catalogue-validation';
import { TOPIC_CLASSIFICATIONS } from '../topic-view';

export class CreateTopicDto {
  @ApiProperty({
    example: 'kependudukan.kelahiran.v1',
    pattern: TOPIC_NAME_PATTERN.source,
    description: '<domain>.<dataset>.v<major>; its value subject is <name>-value',
  })
  @IsString()
  @MaxLength(249)
  @Matches(TOPIC_NAME_PATTERN, {
    message: 'name must be <domain>.<dataset>.v<major>, e.g. kependudukan.kelahiran.v1',
  })
  name!: string;

  @ApiProperty({ example: 'dukcapil', description: 'The agency that publishes to the topic' })
  @IsString()
  @Matches(AGENCY_ID_PATTERN, { message: 'ownerAgencyId is not an agency id' })
  ownerAgencyId!: string;

  @ApiProperty({ enum: TOPIC_CLASSIFICATIONS })
  @IsIn(TOPIC_CLASSIFICATIONS)
  classification!: TopicClassification;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: 'Default: TOPIC_DEFAULT_PARTITIONS' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  partitions?: number;

  @ApiPropertyOptional({
    example: 604800000,
    description: 'Kafka retention.ms: -1 (forever) or at least 3600000. Default: TOPIC_DEFAULT_RETENTION_MS',
  })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(Number.MAX_SAFE_INTEGER)
  retentionMs?: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}
