import { type DynamicModule, Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { PullController } from './pull.controller';
import { PULL_OPTIONS, type PullOptions } from './pull-options';
import { PullService } from './pull.service';

/**
 * Delivery to subscribers through the gateway (issue 6): the pull API here, and — from DeliveriesModule —
 * the delivery list, replay and webhook endpoint status. One entry in the gateway's module for both.
 */
@Module({})
export class PullModule {
  static forRoot(config: {
    PULL_VISIBILITY_TIMEOUT_MS: number;
    PULL_POLL_INTERVAL_MS: number;
  }): DynamicModule {
    const options: PullOptions = {
      visibilityTimeoutMs: config.PULL_VISIBILITY_TIMEOUT_MS,
      pollIntervalMs: config.PULL_POLL_INTERVAL_MS,
    };
    return {
      module: PullModule,
      imports: [DeliveriesModule],
      controllers: [PullController],
      providers: [{ provide: PULL_OPTIONS, useValue: options }, PullService],
    };
  }
}
