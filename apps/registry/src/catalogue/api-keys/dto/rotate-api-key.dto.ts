import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsTimestamp, Trim } from '../../catalogue-validation';

export class RotateApiKeyDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Label of the new key; default: the old label' })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Expiry of the new key' })
  @IsOptional()
  @IsTimestamp()
  expiresAt?: string;
}
