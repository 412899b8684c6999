import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class RecordIdParam {
  @ApiProperty({ format: 'uuid', description: 'The record id (ce_id header), a UUID' })
  @IsUUID('all', { message: 'id must be a UUID (the record id)' })
  id!: string;
}
