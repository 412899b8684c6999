import { type DynamicModule, Module } from '@nestjs/common';
import { type ConfigOf } from '@app/core';
import { KafkaHealthIndicator, KafkaModule } from '@app/kafka';
import { ObservabilityModule } from '@app/observability';
import { type routerConfigSpec } from './router.config';

export type RouterConfig = ConfigOf<typeof routerConfigSpec>;

@Module({})
export class RouterModule {
  static forRoot(config: RouterConfig): DynamicModule {
    return {
      module: RouterModule,
      imports: [
        KafkaModule.fromConfig(config, 'router'),
        ObservabilityModule.forRoot({ indicators: [KafkaHealthIndicator] }),
      ],
    };
  }
}
