import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { type DeliveryMode } from '@app/persistence';
import { IsTimestamp, Trim } from '../../catalogue-validation';
import { DELIVERY_MODES } from './request-subscription.dto';

/** What changes; everything left out is carried over from the subscription being amended. */
export class AmendSubscriptionDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Trim()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  purpose?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @Trim()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  legalBasis?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(512, { each: true })
  fields?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 4096,
    description: 'null removes the filter',
  })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(4096)
  filter?: string | null;

  @ApiPropertyOptional({ enum: DELIVERY_MODES })
  @IsOptional()
  @IsIn(DELIVERY_MODES)
  deliveryMode?: DeliveryMode;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2048 })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(2048)
  webhookUrl?: string | null;

  @ApiPropertyOptional({
    description: 'Webhook only: keep per-key order (see request); carried over while the mode stays webhook',
  })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsBoolean({ message: 'orderedDelivery must be true or false' })
  orderedDelivery?: boolean;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
  expiresAt?: string;
}
