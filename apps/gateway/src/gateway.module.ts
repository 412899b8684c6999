import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { CatalogueReadModule } from '@app/catalogue';
import { type ConfigOf } from '@app/core';
import { KafkaHealthIndicator, KafkaModule } from '@app/kafka';
import { ObservabilityModule } from '@app/observability';
import { DatabaseHealthIndicator, PersistenceModule } from '@app/persistence';
import { type gatewayConfigSpec } from './gateway.config';
import { PublishModule } from './publish/publish.module';
import { PullModule } from './pull/pull.module';

export type GatewayConfig = ConfigOf<typeof gatewayConfigSpec>;

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        KafkaModule.fromConfig(config, 'gateway'),
        PersistenceModule.fromConfig(config, 'gateway'),
        AuditModule,
        AuthModule.forRoot({ adminApiKey: config.ADMIN_API_KEY, cacheTtlMs: config.AUTH_CACHE_TTL_MS }),
        ObservabilityModule.forRoot({ indicators: [KafkaHealthIndicator, DatabaseHealthIndicator] }),
        CatalogueReadModule.forRoot({ refreshMs: config.CATALOGUE_REFRESH_MS }),
        PublishModule.forRoot({
          maxRecords: config.PUBLISH_MAX_RECORDS,
          idempotencyWindowMs: config.IDEMPOTENCY_WINDOW_MS,
        }),
        PullModule.forRoot(config),
      ],
    };
  }
}
