import { databaseEnv, env, httpEnv, kafkaEnv, loggingEnv } from '@app/core';

export const routerConfigSpec = {
  /** Health and metrics only: the router has no public API. */
  ROUTER_PORT: env.port(8082),
  ...httpEnv,
  ...loggingEnv,
  ...kafkaEnv,
  ...databaseEnv,
  /**
   * Stable identity of this instance: its Kafka transactional id. A restarted instance must keep it (that
   * fences the crashed one); two instances running at once must not share it.
   */
  ROUTER_INSTANCE_ID: env.string('router-0'),
  ROUTER_GROUP_ID: env.string('penghubung-router'),
  DELIVERY_TOPIC_PREFIX: env.string('penghubung.deliver.'),
  DELIVERY_TOPIC_PARTITIONS: env.int(3, 1, 1000),
  DLQ_TOPIC: env.string('penghubung.dlq'),
  /** Input partitions taken at once; their batches share one Kafka transaction. */
  ROUTER_CONCURRENT_PARTITIONS: env.int(6, 1, 256),
  /** How often topics and subscriptions are re-read: changes take effect within this time. */
  CATALOGUE_REFRESH_MS: env.int(2_000, 100, 60_000),
  /** The registry, for registering a subscription's projected schema when a new writer schema appears. */
  REGISTRY_URL: env.url('http://127.0.0.1:8081', ['http', 'https']),
  REGISTRY_API_KEY: env.optionalSecret(32),
};
