import { ApiProperty } from '@nestjs/swagger';
import { type DeliveryMode, type SubscriptionStatus } from '@app/persistence';
import { type SubscriptionView } from '../subscription-view';
import { SUBSCRIPTION_STATUSES } from './list-subscriptions.query';
import { DELIVERY_MODES } from './request-subscription.dto';

export class SubscriptionResponse implements SubscriptionView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  topic!: string;

  @ApiProperty({ description: 'The subscribing agency' })
  agencyId!: string;

  @ApiProperty()
  purpose!: string;

  @ApiProperty()
  legalBasis!: string;

  @ApiProperty({ type: [String], description: 'Leaf field paths the subscription receives' })
  fields!: string[];

  @ApiProperty({ type: String, nullable: true, description: 'Canonical filter text' })
  filter!: string | null;

  @ApiProperty({ enum: DELIVERY_MODES })
  deliveryMode!: DeliveryMode;

  @ApiProperty({ type: String, nullable: true, description: 'Shown to the subscriber and admins only' })
  webhookUrl!: string | null;

  @ApiProperty({
    description: 'Webhook: records with the same key are delivered in order (always true for other modes)',
  })
  orderedDelivery!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ enum: SUBSCRIPTION_STATUSES })
  status!: SubscriptionStatus;

  @ApiProperty({ type: String, nullable: true })
  statusReason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'penghubung.subscription.6f1c7e0e-8a47-4bb6-9c43-1d1f1d1a2b3c-value',
    description: 'Registry subject of the projected schema, set on approval',
  })
  projectedSubject!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The subscription this amends' })
  supersedes!: string | null;

  @ApiProperty()
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}
