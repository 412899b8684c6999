import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { type ConfigOf } from '@app/core';
import { KafkaHealthIndicator, KafkaModule } from '@app/kafka';
import { ObservabilityModule } from '@app/observability';
import { DatabaseHealthIndicator, PersistenceModule } from '@app/persistence';
import { CatalogueModule } from './catalogue/catalogue.module';
import { TopicDriftIndicator } from './catalogue/topics/topic-drift.indicator';
import { type registryConfigSpec } from './registry.config';
import { SchemaRegistryModule } from './schema-registry/schema-registry.module';
import { WebhookSecretsModule } from './webhook-secrets/webhook-secrets.module';

export type RegistryConfig = ConfigOf<typeof registryConfigSpec>;

@Module({})
export class RegistryModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        KafkaModule.fromConfig(config, 'registry'),
        PersistenceModule.fromConfig(config, 'registry'),
        AuditModule,
        AuthModule.forRoot({ adminApiKey: config.ADMIN_API_KEY, cacheTtlMs: config.AUTH_CACHE_TTL_MS }),
        ObservabilityModule.forRoot({
          indicators: [KafkaHealthIndicator, DatabaseHealthIndicator, TopicDriftIndicator],
        }),
        SchemaRegistryModule,
        CatalogueModule.forRoot(config),
        WebhookSecretsModule.forRoot(config),
      ],
    };
  }
}
