import { type DynamicModule, Module } from '@nestjs/common';
import { type ConfigOf, type kafkaEnv } from '@app/core';
import { KafkaClient, type KafkaOptions } from './kafka-client';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { kafkaTlsFromConfig } from './kafka-tls';

@Module({})
export class KafkaModule {
  /**
   * The usual wiring from the shared KAFKA_* variables; the client id names the app, and the app connects
   * as its own principal, `penghubung-<app>`.
   */
  static fromConfig(config: ConfigOf<typeof kafkaEnv>, app: string): DynamicModule {
    const tls = kafkaTlsFromConfig(config, `penghubung-${app}`);
    return KafkaModule.forRoot({
      brokers: config.KAFKA_BROKERS,
      clientId: `${config.KAFKA_CLIENT_ID}-${app}`,
      connectTimeoutMs: config.KAFKA_CONNECT_TIMEOUT_MS,
      ...(tls ? { tls } : {}),
    });
  }

  /** Global: every module of the app shares one client. Start-up waits (bounded) for the cluster. */
  static forRoot(options: KafkaOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        {
          provide: KafkaClient,
          useFactory: async () => {
            const client = new KafkaClient(options);
            await client.connect();
            return client;
          },
        },
        KafkaHealthIndicator,
      ],
      exports: [KafkaClient, KafkaHealthIndicator],
    };
  }
}
