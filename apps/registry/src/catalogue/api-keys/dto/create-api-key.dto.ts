import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AGENCY_ID_PATTERN, IsTimestamp, Trim } from '../../catalogue-validation';

export class CreateApiKeyDto {
  @ApiPropertyOptional({
    enum: ['agency', 'admin'],
    default: 'agency',
    description: 'admin keys may be created by admins only',
  })
  @IsOptional()
  @IsIn(['agency', 'admin'])
  role?: 'agency' | 'admin';

  @ApiPropertyOptional({
    example: 'bpjs-kesehatan',
    description: 'The agency the key acts for; an agency may omit it (itself). Absent for admin keys.',
  })
  @IsOptional()
  @IsString()
  @Matches(AGENCY_ID_PATTERN, { message: 'agencyId is not an agency id' })
  agencyId?: string;

  @ApiPropertyOptional({ example: 'integration server 2', maxLength: 200 })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Unset: the key does not expire' })
  @IsOptional()
  @IsTimestamp()
  expiresAt?: string;
}
