import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type Type,
} from '@nestjs/common';
import { HealthController } from './health/health.controller';
import { HEALTH_INDICATORS, type HealthIndicator } from './health/health-indicator';
import { HealthService } from './health/health.service';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';

export interface ObservabilityOptions {
  /** Providers (from KafkaModule, PersistenceModule, …) whose checks make up `/health/ready`. */
  indicators: Type<HealthIndicator>[];
}

/** `/health/live`, `/health/ready` and `/metrics` for an app; MetricsService for its own metrics. */
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        MetricsService,
        HealthService,
        {
          provide: HEALTH_INDICATORS,
          useFactory: (...indicators: HealthIndicator[]) => indicators,
          inject: options.indicators,
        },
      ],
      exports: [MetricsService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
