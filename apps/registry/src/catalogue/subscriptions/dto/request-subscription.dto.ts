import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { type DeliveryMode } from '@app/persistence';
import { AGENCY_ID_PATTERN, IsTimestamp, TOPIC_NAME_PATTERN, Trim } from '../../catalogue-validation';

export const DELIVERY_MODES: readonly DeliveryMode[] = ['kafka', 'webhook', 'pull'];

export class RequestSubscriptionDto {
  @ApiProperty({ example: 'kependudukan.kelahiran.v1' })
  @IsString()
  @Matches(TOPIC_NAME_PATTERN, { message: 'topic is not a topic name (<domain>.<dataset>.v<major>)' })
  topic!: string;

  @ApiPropertyOptional({
    example: 'bpjs-kesehatan',
    description:
      'The subscribing agency: required when an admin requests on its behalf; an agency may omit it',
  })
  @IsOptional()
  @IsString()
  @Matches(AGENCY_ID_PATTERN, { message: 'agencyId is not an agency id' })
  agencyId?: string;

  @ApiProperty({ example: 'Enrol newborns in national health insurance', maxLength: 2000 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  purpose!: string;

  @ApiProperty({ example: 'Perpres 82/2018 tentang Jaminan Kesehatan, Pasal 13', maxLength: 1000 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  legalBasis!: string;

  @ApiProperty({
    type: [String],
    example: ['registrationId', 'child.nik', 'child.birthDate', 'child.birthPlace'],
    description:
      'Field paths of the topic schema (no wildcards). Personal and sensitive fields must be named one by one.',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(512, { each: true })
  fields!: string[];

  @ApiPropertyOptional({
    example: "child.birthPlace.provinceCode == '31' and child.birthDate >= '2024-01-01'",
    maxLength: 4096,
    description: 'Filter over record fields: ==, !=, <, <=, >, >=, in [...], is [not] null, and, or, not',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  filter?: string;

  @ApiProperty({ enum: DELIVERY_MODES })
  @IsIn(DELIVERY_MODES)
  deliveryMode!: DeliveryMode;

  @ApiPropertyOptional({
    example: 'https://api.bpjs-kesehatan.go.id/penghubung/webhook',
    description: 'Required for deliveryMode webhook, refused otherwise. HTTPS, public hosts only.',
    maxLength: 2048,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  webhookUrl?: string;

  @ApiPropertyOptional({
    default: true,
    description:
      'Webhook only: true (default) delivers records with the same key in order, one at a time, so a failing ' +
      'record holds the later ones of its key; false delivers each record on its own.',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsBoolean({ message: 'orderedDelivery must be true or false' })
  orderedDelivery?: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2027-12-31T23:59:59+07:00',
    description: 'In the future, at most SUBSCRIPTION_MAX_EXPIRY_DAYS ahead',
  })
  @IsTimestamp()
  expiresAt!: string;
}
