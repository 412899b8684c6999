import { ApiProperty } from '@nestjs/swagger';

export class WebhookSecretStatusResponse {
  @ApiProperty({ format: 'uuid' })
  subscriptionId!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the current secret was made',
  })
  currentCreatedAt!: string | null;

  @ApiProperty({
    type: [String],
    description: 'Until when each previous secret still signs (the rotation overlap)',
    example: ['2026-01-02T10:00:00.000Z'],
  })
  previousValidUntil!: string[];
}

export class CreatedWebhookSecretResponse extends WebhookSecretStatusResponse {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The new signing secret: shown in this response only',
  })
  secret!: string;
}
