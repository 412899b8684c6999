import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { type TopicClassification } from '@app/persistence';
import { AGENCY_ID_PATTERN } from '../../catalogue-validation';
import { TOPIC_CLASSIFICATIONS } from '../topic-view';

export class ListTopicsQuery {
  @ApiPropertyOptional({ description: 'Only topics owned by this agency' })
  @IsOptional()
  @IsString()
  @Matches(AGENCY_ID_PATTERN, { message: 'owner is not an agency id' })
  owner?: string;

  @ApiPropertyOptional({ enum: TOPIC_CLASSIFICATIONS })
  @IsOptional()
  @IsIn(TOPIC_CLASSIFICATIONS)
  classification?: TopicClassification;
}
