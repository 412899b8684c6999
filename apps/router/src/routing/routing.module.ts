import { type DynamicModule, Module } from '@nestjs/common';
import { RoutingHealthIndicator } from './router-health.indicator';
import { ROUTER_OPTIONS, RouterRunner, type RouterOptions } from './router-runner.service';
import { RouterMetrics } from './router.metrics';

@Module({})
export class RoutingModule {
  static forRoot(options: RouterOptions): DynamicModule {
    return {
      module: RoutingModule,
      global: true,
      providers: [
        { provide: ROUTER_OPTIONS, useValue: options },
        RouterMetrics,
        RouterRunner,
        RoutingHealthIndicator,
      ],
      exports: [RoutingHealthIndicator],
    };
  }
}
