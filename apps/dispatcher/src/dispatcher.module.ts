import { type DynamicModule, Module } from '@nestjs/common';
import { type ConfigOf } from '@app/core';
import { KafkaHealthIndicator, KafkaModule } from '@app/kafka';
import { ObservabilityModule } from '@app/observability';
import { DatabaseHealthIndicator, PersistenceModule } from '@app/persistence';
import { type dispatcherConfigSpec } from './dispatcher.config';

export type DispatcherConfig = ConfigOf<typeof dispatcherConfigSpec>;

@Module({})
export class DispatcherModule {
  static forRoot(config: DispatcherConfig): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [
        KafkaModule.fromConfig(config, 'dispatcher'),
        PersistenceModule.fromConfig(config, 'dispatcher'),
        ObservabilityModule.forRoot({ indicators: [KafkaHealthIndicator, DatabaseHealthIndicator] }),
      ],
    };
  }
}
