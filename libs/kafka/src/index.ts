export * from './cloud-events';
export * from './kafka-message';
export { KafkaClient, KafkaConsumer, KafkaProducer, type KafkaOptions } from './kafka-client';
export * from './kafka-health.indicator';
export * from './kafka-tls';
export { ClientQuotas, ClientQuotaError, type ClientQuota, type PrincipalQuota } from './client-quotas';
export * from './kafka.module';
export * from './transactional-processor';
export * from './partitioner';
