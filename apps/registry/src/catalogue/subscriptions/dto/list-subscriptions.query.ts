import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { type SubscriptionStatus } from '@app/persistence';
import { AGENCY_ID_PATTERN, TOPIC_NAME_PATTERN } from '../../catalogue-validation';

export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = [
  'pending',
  'active',
  'rejected',
  'suspended',
  'ended',
  'expired',
];

export class ListSubscriptionsQuery {
  @ApiPropertyOptional({ example: 'kependudukan.kelahiran.v1' })
  @IsOptional()
  @IsString()
  @Matches(TOPIC_NAME_PATTERN, { message: 'topic is not a topic name' })
  topic?: string;

  @ApiPropertyOptional({ description: 'The subscribing agency' })
  @IsOptional()
  @IsString()
  @Matches(AGENCY_ID_PATTERN, { message: 'agencyId is not an agency id' })
  agencyId?: string;

  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES, description: 'As of now (expiry applied)' })
  @IsOptional()
  @IsIn(SUBSCRIPTION_STATUSES)
  status?: SubscriptionStatus;
}
