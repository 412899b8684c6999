import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { TOPIC_NAME_PATTERN } from '../../catalogue-validation';

export class TopicNameParam {
  @ApiProperty({ example: 'kependudukan.kelahiran.v1' })
  @Matches(TOPIC_NAME_PATTERN, { message: 'name is not a topic name (<domain>.<dataset>.v<major>)' })
  name!: string;
}
