import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AGENCY_ID_PATTERN, Trim } from '../../catalogue-validation';

export class CreateAgencyDto {
  @ApiProperty({ example: 'dukcapil', pattern: AGENCY_ID_PATTERN.source, description: 'Stable slug' })
  @IsString()
  @Matches(AGENCY_ID_PATTERN, { message: 'id must be a slug: a-z first, then a-z, 0-9 or -, 2 to 64 long' })
  id!: string;

  @ApiProperty({ example: 'Direktorat Jenderal Kependudukan dan Pencatatan Sipil', maxLength: 200 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'integrasi@dukcapil.kemendagri.go.id', maxLength: 320 })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(320)
  contact?: string;
}
