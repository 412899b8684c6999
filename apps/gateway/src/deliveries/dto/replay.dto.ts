import { ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsISO8601, IsOptional } from 'class-validator';

export class ReplayDto {
  @ApiPropertyOptional({ description: 'Re-deliver every dead-lettered record', example: true })
  @IsOptional()
  @Equals(true, { message: 'deadLettered must be true when given' })
  deadLettered?: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'With `to`: re-deliver records accepted in [from, to)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
