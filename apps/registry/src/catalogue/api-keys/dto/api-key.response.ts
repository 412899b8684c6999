import { ApiProperty } from '@nestjs/swagger';
import { type ApiKeyStatus, type ApiKeyView, type CreatedApiKeyView } from '../api-key-view';

export class ApiKeyResponse implements ApiKeyView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'phk_AbCdEfGhJkLm', description: 'Public part of the key, safe to log' })
  prefix!: string;

  @ApiProperty({ enum: ['agency', 'admin'] })
  role!: 'agency' | 'admin';

  @ApiProperty({ type: String, nullable: true })
  agencyId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  label!: string | null;

  @ApiProperty({ enum: ['active', 'revoked', 'expired'] })
  status!: ApiKeyStatus;

  @ApiProperty({ example: 'admin:bootstrap' })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: string | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse implements CreatedApiKeyView {
  @ApiProperty({
    example: 'phk_AbCdEfGhJkLm_' + 'x'.repeat(43),
    description: 'The whole key. Shown only in this response: store it now.',
  })
  key!: string;
}
