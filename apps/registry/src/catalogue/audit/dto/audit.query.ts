import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { AGENCY_ID_PATTERN, IsTimestamp } from '../../catalogue-validation';

export const AUDIT_PAGE_MAX = 500;

export class AuditQuery {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Entries at or after' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Entries before' })
  @IsOptional()
  @IsTimestamp()
  to?: string;

  @ApiPropertyOptional({ example: 'bpjs-kesehatan', description: 'Actor id: an agency id or admin:<key>' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor?: string;

  @ApiPropertyOptional({ example: 'subscription.approved' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z_]+(\.[a-z_]+)*$/, { message: 'action is a dotted verb such as subscription.approved' })
  action?: string;

  @ApiPropertyOptional({ example: 'kependudukan.kelahiran.v1' })
  @IsOptional()
  @IsString()
  @MaxLength(249)
  topic?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'recordId must be a UUID' })
  recordId?: string;

  @ApiPropertyOptional({ description: 'Entries by or about this agency' })
  @IsOptional()
  @IsString()
  @Matches(AGENCY_ID_PATTERN, { message: 'agency is not an agency id' })
  agency?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[1-9][0-9]{0,18}$/, { message: 'cursor is not a cursor from a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;
}
