import { Controller, Get, Header, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/auth';
import { SubscriptionIdParam } from './dto/subscription-id.param';
import { CreatedWebhookSecretResponse, WebhookSecretStatusResponse } from './dto/webhook-secret.response';
import {
  type CreatedWebhookSecret,
  type WebhookSecretStatus,
  WebhookSecretsService,
} from './webhook-secrets.service';

const NOT_VISIBLE = { description: 'unknown, or neither the subscriber nor an admin' };

@ApiTags('webhook-secrets')
@ApiBearerAuth()
@Controller('v1/subscriptions')
export class WebhookSecretsController {
  constructor(private readonly secrets: WebhookSecretsService) {}

  @Post(':id/webhook-secret')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create or rotate the signing secret of a webhook subscription (subscriber or admin)',
    description:
      'Answers the new `whsec_` secret once. After a rotation the previous secret keeps signing (both signatures ' +
      'in `webhook-signature`) until the overlap ends (WEBHOOK_SECRET_OVERLAP_MS).',
  })
  @ApiCreatedResponse({ type: CreatedWebhookSecretResponse })
  @ApiNotFoundResponse(NOT_VISIBLE)
  @ApiConflictResponse({ description: 'not a webhook subscription, or ended/rejected/expired' })
  @ApiServiceUnavailableResponse({ description: 'WEBHOOK_SECRET_KEY is not configured' })
  rotate(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
  ): Promise<CreatedWebhookSecret> {
    return this.secrets.rotate(principal, params.id);
  }

  @Get(':id/webhook-secret')
  @ApiOperation({
    summary: 'When the signing secrets were made and until when rotated ones sign (never a secret)',
  })
  @ApiOkResponse({ type: WebhookSecretStatusResponse })
  @ApiNotFoundResponse(NOT_VISIBLE)
  status(
    @CurrentPrincipal() principal: Principal,
    @Param() params: SubscriptionIdParam,
  ): Promise<WebhookSecretStatus> {
    return this.secrets.status(principal, params.id);
  }
}
