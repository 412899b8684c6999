import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { AGENCY_ID_PATTERN } from '../../catalogue-validation';

export class ListApiKeysQuery {
  @ApiPropertyOptional({ description: 'Admins: keys of this agency. An agency sees only its own keys.' })
  @IsOptional()
  @IsString()
  @Matches(AGENCY_ID_PATTERN, { message: 'agencyId is not an agency id' })
  agencyId?: string;

  @ApiPropertyOptional({ enum: ['agency', 'admin'], description: 'Admins only' })
  @IsOptional()
  @IsIn(['agency', 'admin'])
  role?: 'agency' | 'admin';

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeRevoked?: 'true' | 'false';
}
