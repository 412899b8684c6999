import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { AGENCY_ID_PATTERN } from '../../catalogue-validation';

export class AgencyIdParam {
  @ApiProperty({ example: 'dukcapil' })
  @Matches(AGENCY_ID_PATTERN, { message: 'id is not an agency id (a slug such as dukcapil)' })
  id!: string;
}
