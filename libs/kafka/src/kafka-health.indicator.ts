import { Injectable } from '@nestjs/common';
import { type HealthIndicator } from '@app/observability';
import { KafkaClient } from './kafka-client';

@Injectable()
export class KafkaHealthIndicator implements HealthIndicator {
  readonly name = 'kafka';

  constructor(private readonly kafka: KafkaClient) {}

  check(): Promise<void> {
    return this.kafka.ping();
  }
}
