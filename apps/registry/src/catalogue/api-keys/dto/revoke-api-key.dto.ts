import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../catalogue-validation';

export class RevokeApiKeyDto {
  @ApiPropertyOptional({ example: 'laptop lost', maxLength: 1000 })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
