import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../catalogue-validation';

export class AgencyStatusChangeDto {
  @ApiProperty({ example: 'security incident 2026-11-27, keys under review', maxLength: 1000 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}
