import { Injectable } from '@nestjs/common';
import { type HealthIndicator } from '@app/observability';
import { RouterRunner } from './router-runner.service';

/** Ready only while the routing loop runs. */
@Injectable()
export class RoutingHealthIndicator implements HealthIndicator {
  readonly name = 'routing';

  constructor(private readonly runner: RouterRunner) {}

  check(): Promise<void> {
    return this.runner.isRunning
      ? Promise.resolve()
      : Promise.reject(new Error('routing loop is not running'));
  }
}
