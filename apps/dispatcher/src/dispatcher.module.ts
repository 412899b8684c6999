import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CatalogueReadModule } from '@app/catalogue';
import { type ConfigOf } from '@app/core';
import { KafkaHealthIndicator, KafkaModule } from '@app/kafka';
import { ObservabilityModule } from '@app/observability';
import { DatabaseHealthIndicator, PersistenceModule } from '@app/persistence';
import { type dispatcherConfigSpec } from './dispatcher.config';
import { DispatcherMetrics } from './dispatcher.metrics';
import { DELIVERY_PURGE_OPTIONS, DeliveryPurgeService } from './purge/delivery-purge.service';
import { DeliveryStagingService } from './staging/delivery-staging.service';
import { DeliveryTopicsConsumer, DISPATCHER_GROUP_ID } from './staging/delivery-topics.consumer';
import { DeliveryWakeup } from './webhooks/delivery-wakeup';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.service';
import { WEBHOOK_OPTIONS, type WebhookOptions } from './webhooks/webhook-options';

export type DispatcherConfig = ConfigOf<typeof dispatcherConfigSpec>;

export function webhookOptionsFrom(config: DispatcherConfig): WebhookOptions {
  return {
    deliveryTopicPrefix: config.DELIVERY_TOPIC_PREFIX,
    deliveryTopicPartitions: config.DELIVERY_TOPIC_PARTITIONS,
    secretKey: config.WEBHOOK_SECRET_KEY,
    secretCacheMs: config.WEBHOOK_SECRET_CACHE_MS,
    noSecretRetryMs: config.WEBHOOK_NO_SECRET_RETRY_MS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    schedule: config.WEBHOOK_RETRY_SCHEDULE,
    jitterPercent: config.WEBHOOK_RETRY_JITTER_PERCENT,
    retryAfterMaxMs: config.WEBHOOK_RETRY_AFTER_MAX_MS,
    endpointConcurrency: config.WEBHOOK_ENDPOINT_CONCURRENCY,
    maxInFlight: config.WEBHOOK_MAX_IN_FLIGHT,
    orderPerKey: config.WEBHOOK_ORDER_PER_KEY,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_MS,
    allowedHosts: config.WEBHOOK_ALLOWED_HOSTS,
    allowHttp: config.WEBHOOK_ALLOW_HTTP,
    pollMs: config.WEBHOOK_POLL_MS,
    agencies: config.DISPATCHER_AGENCY_PATTERN,
  };
}

@Module({})
export class DispatcherModule {
  static forRoot(config: DispatcherConfig): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [
        KafkaModule.fromConfig(config, 'dispatcher'),
        PersistenceModule.fromConfig(config, 'dispatcher'),
        AuditModule,
        ObservabilityModule.forRoot({ indicators: [KafkaHealthIndicator, DatabaseHealthIndicator] }),
        CatalogueReadModule.forRoot({ refreshMs: config.CATALOGUE_REFRESH_MS }),
      ],
      providers: [
        { provide: WEBHOOK_OPTIONS, useValue: webhookOptionsFrom(config) },
        { provide: DISPATCHER_GROUP_ID, useValue: config.DISPATCHER_GROUP_ID },
        {
          provide: DELIVERY_PURGE_OPTIONS,
          useValue: {
            retentionMs: config.DELIVERY_RETENTION_MS,
            intervalMs: config.DELIVERY_PURGE_INTERVAL_MS,
            batchSize: config.DELIVERY_PURGE_BATCH,
          },
        },
        DeliveryPurgeService,
        DispatcherMetrics,
        DeliveryWakeup,
        DeliveryStagingService,
        DeliveryTopicsConsumer,
        WebhookDispatcher,
      ],
    };
  }
}
