import { type DynamicModule, Module } from '@nestjs/common';
import { WebhookSecretsController } from './webhook-secrets.controller';
import { WEBHOOK_SECRETS_OPTIONS, type WebhookSecretsOptions } from './webhook-secrets.options';
import { WebhookSecretsService } from './webhook-secrets.service';

/** Webhook signing secrets of subscriptions (issue 6): create, rotate with an overlap, read their dates. */
@Module({})
export class WebhookSecretsModule {
  static forRoot(config: {
    WEBHOOK_SECRET_KEY: Buffer | undefined;
    WEBHOOK_SECRET_OVERLAP_MS: number;
  }): DynamicModule {
    const options: WebhookSecretsOptions = {
      key: config.WEBHOOK_SECRET_KEY,
      overlapMs: config.WEBHOOK_SECRET_OVERLAP_MS,
    };
    return {
      module: WebhookSecretsModule,
      controllers: [WebhookSecretsController],
      providers: [{ provide: WEBHOOK_SECRETS_OPTIONS, useValue: options }, WebhookSecretsService],
    };
  }
}
