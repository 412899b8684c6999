import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PULL_MAX_RECORDS } from '../pull-options';

export class PullQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: PULL_MAX_RECORDS, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PULL_MAX_RECORDS)
  max?: number;

  @ApiPropertyOptional({
    example: '20s',
    description: 'How long to wait for records when there are none: `20s`, `500ms` or seconds; at most 30s',
  })
  @IsOptional()
  @Matches(/^\d{1,6}(ms|s)?$/, { message: 'wait must be a duration such as 20s or 500ms' })
  wait?: string;
}
