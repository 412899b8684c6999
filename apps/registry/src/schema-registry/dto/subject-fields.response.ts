import { ApiProperty } from '@nestjs/swagger';
import { type Classification, CLASSIFICATIONS } from '@app/avro';

export class SubjectFieldDto {
  @ApiProperty({
    description: 'Dotted path from the root record; arrays, maps and unions are transparent',
    example: 'child.birthPlace.regencyCode',
  })
  path!: string;

  @ApiProperty({
    enum: CLASSIFICATIONS,
    nullable: true,
    description: "The field's `classification` attribute; null when it carries none",
  })
  classification!: Classification | null;

  @ApiProperty({ description: 'True for `personal` and `sensitive` fields: the router minimises these' })
  personal!: boolean;
}

export class SubjectFieldsResponse {
  @ApiProperty()
  subject!: string;

  @ApiProperty({ description: 'The version listed (the latest live one unless `version` was given)' })
  version!: number;

  @ApiProperty({ description: 'Global schema id of that version' })
  schemaId!: number;

  @ApiProperty({ type: [SubjectFieldDto] })
  fields!: SubjectFieldDto[];

  @ApiProperty({
    type: [String],
    description: 'Paths of the personal and sensitive fields, without duplicates',
  })
  personalFields!: string[];
}
