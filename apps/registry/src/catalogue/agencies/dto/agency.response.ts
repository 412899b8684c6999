import { ApiProperty } from '@nestjs/swagger';
import { type AgencyView } from '../agency-view';

export class AgencyResponse implements AgencyView {
  @ApiProperty({ example: 'dukcapil' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  contact!: string | null;

  @ApiProperty({ enum: ['active', 'suspended'] })
  status!: 'active' | 'suspended';

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}
