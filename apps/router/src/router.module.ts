import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CatalogueReadModule } from '@app/catalogue';
import { type ConfigOf } from '@app/core';
import { KafkaHealthIndicator, KafkaModule } from '@app/kafka';
import { ObservabilityModule } from '@app/observability';
import { DatabaseHealthIndicator, PersistenceModule } from '@app/persistence';
import { type routerConfigSpec } from './router.config';
import { RoutingHealthIndicator } from './routing/router-health.indicator';
import { RoutingModule } from './routing/routing.module';

export type RouterConfig = ConfigOf<typeof routerConfigSpec>;

@Module({})
export class RouterModule {
  static forRoot(config: RouterConfig): DynamicModule {
    return {
      module: RouterModule,
      imports: [
        KafkaModule.fromConfig(config, 'router'),
        PersistenceModule.fromConfig(config, 'router'),
        AuditModule,
        CatalogueReadModule.forRoot({ refreshMs: config.CATALOGUE_REFRESH_MS }),
        RoutingModule.forRoot({
          instanceId: config.ROUTER_INSTANCE_ID,
          groupId: config.ROUTER_GROUP_ID,
          deliveryTopicPrefix: config.DELIVERY_TOPIC_PREFIX,
          deliveryTopicPartitions: config.DELIVERY_TOPIC_PARTITIONS,
          concurrentPartitions: config.ROUTER_CONCURRENT_PARTITIONS,
          dlqTopic: config.DLQ_TOPIC,
          registryUrl: config.REGISTRY_URL,
          registryApiKey: config.REGISTRY_API_KEY,
        }),
        ObservabilityModule.forRoot({
          indicators: [KafkaHealthIndicator, DatabaseHealthIndicator, RoutingHealthIndicator],
        }),
      ],
    };
  }
}
