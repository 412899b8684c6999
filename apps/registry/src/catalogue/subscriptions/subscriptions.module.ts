import { Module } from '@nestjs/common';
import { SchemaRegistryModule } from '../../schema-registry/schema-registry.module';
import { CATALOGUE_OPTIONS, type CatalogueOptions } from '../catalogue-options';
import { SubscriptionExpirySweeper } from './subscription-expiry.sweeper';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';
import { WebhookUrlPolicy } from './webhook-url-policy';

@Module({
  imports: [SchemaRegistryModule],
  controllers: [SubscriptionsController],
  providers: [
    SubscriptionsService,
    SubscriptionExpirySweeper,
    {
      provide: WebhookUrlPolicy,
      useFactory: (options: CatalogueOptions) => new WebhookUrlPolicy(options.webhookAllowedHosts),
      inject: [CATALOGUE_OPTIONS],
    },
  ],
})
export class SubscriptionsModule {}
