import { type DynamicModule, Module } from '@nestjs/common';
import { type ConfigOf } from '@app/core';
import { type registryConfigSpec } from '../registry.config';
import { AgenciesModule } from './agencies/agencies.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditQueryModule } from './audit/audit-query.module';
import { CATALOGUE_OPTIONS, type CatalogueOptions } from './catalogue-options';
import { RecordTrailModule } from './records/record-trail.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { TopicsModule } from './topics/topics.module';

type RegistryConfig = ConfigOf<typeof registryConfigSpec>;

export function catalogueOptionsFrom(config: RegistryConfig): CatalogueOptions {
  return {
    topicDefaults: {
      partitions: config.TOPIC_DEFAULT_PARTITIONS,
      retentionMs: config.TOPIC_DEFAULT_RETENTION_MS,
    },
    subscriptionMaxExpiryDays: config.SUBSCRIPTION_MAX_EXPIRY_DAYS,
    expirySweepMs: config.SUBSCRIPTION_EXPIRY_SWEEP_MS,
    webhookAllowedHosts: config.WEBHOOK_ALLOWED_HOSTS,
  };
}

/**
 * Agencies, API keys, topics, subscriptions, the audit log API and record trails under /v1 (issue 4).
 * Global so that its options reach the feature modules and its readiness indicator (TopicDriftIndicator)
 * reaches ObservabilityModule.
 */
@Module({})
export class CatalogueModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: CatalogueModule,
      global: true,
      imports: [
        AgenciesModule,
        ApiKeysModule,
        TopicsModule,
        SubscriptionsModule,
        AuditQueryModule,
        RecordTrailModule,
      ],
      providers: [{ provide: CATALOGUE_OPTIONS, useValue: catalogueOptionsFrom(config) }],
      exports: [CATALOGUE_OPTIONS, TopicsModule],
    };
  }
}
