import { databaseEnv, env, httpEnv, kafkaEnv, loggingEnv } from '@app/core';
import { webhookAllowedHosts, webhookSecretKey } from '@app/webhook-policy';
import { agencyPattern, retrySchedule } from './webhooks/webhook-env';

export const dispatcherConfigSpec = {
  /** Health and metrics only: the dispatcher has no public API. */
  DISPATCHER_PORT: env.port(8083),
  ...httpEnv,
  ...loggingEnv,
  ...kafkaEnv,
  ...databaseEnv,
  /** Consumer group of every dispatcher instance (they share the delivery topics' partitions). */
  DISPATCHER_GROUP_ID: env.string('penghubung-dispatcher'),
  /** Same as the router's: delivery topic of an agency = prefix + agency id; dead letters add `.dlq`. */
  DELIVERY_TOPIC_PREFIX: env.string('penghubung.deliver.'),
  /** Partitions of a delivery topic or dead-letter topic the dispatcher has to create itself. */
  DELIVERY_TOPIC_PARTITIONS: env.int(3, 1, 1000),
  /**
   * Regular expression (whole id) of the agencies this instance serves; default all. Lets agencies be split
   * over separate dispatcher pools (each with its own DISPATCHER_GROUP_ID).
   */
  DISPATCHER_AGENCY_PATTERN: agencyPattern,
  /** How often subscriptions are re-read: new webhook and pull subscriptions are consumed within this time. */
  CATALOGUE_REFRESH_MS: env.int(2_000, 100, 60_000),
  /** Decrypts webhook signing secrets (the registry's WEBHOOK_SECRET_KEY). */
  WEBHOOK_SECRET_KEY: webhookSecretKey,
  /** How long signing secrets are kept in memory: a rotation signs with the new secret within this time. */
  WEBHOOK_SECRET_CACHE_MS: env.int(5_000, 0, 300_000),
  /** A subscription without a signing secret: how long its deliveries wait before looking again. */
  WEBHOOK_NO_SECRET_RETRY_MS: env.int(30_000, 10, 3_600_000),
  /** An attempt succeeds with a 2xx answer within this time. */
  WEBHOOK_TIMEOUT_MS: env.int(15_000, 10, 300_000),
  WEBHOOK_RETRY_SCHEDULE: retrySchedule('0s,5s,5m,30m,2h,5h,10h,10h'),
  /** Each delay is varied by up to this percentage, so that retries of many records do not arrive at once. */
  WEBHOOK_RETRY_JITTER_PERCENT: env.int(10, 0, 100),
  /** The longest `Retry-After` honoured (429, 503); longer requests wait this long. */
  WEBHOOK_RETRY_AFTER_MAX_MS: env.int(36_000_000, 0, 7 * 86_400_000),
  /** Requests in flight to one subscription's endpoint, per dispatcher instance. */
  WEBHOOK_ENDPOINT_CONCURRENCY: env.int(10, 1, 1_000),
  /** Requests in flight in all, per dispatcher instance. */
  WEBHOOK_MAX_IN_FLIGHT: env.int(500, 1, 10_000),
  /**
   * true: each webhook subscription's `orderedDelivery` decides whether records with the same key are sent
   * in order (one in flight per key); false: no subscription is held in key order (an operator's override).
   */
  WEBHOOK_ORDER_PER_KEY: env.bool(true),
  /** An endpoint failing without a single success for this long is disabled. */
  WEBHOOK_DISABLE_AFTER_MS: env.int(5 * 86_400_000, 1, 365 * 86_400_000),
  /** Private, loopback and link-local destinations that may be called anyway. */
  WEBHOOK_ALLOWED_HOSTS: webhookAllowedHosts,
  /** Call http:// URLs too (tests, development); https only when false. */
  WEBHOOK_ALLOW_HTTP: env.bool(false),
  /** How often idle workers look for due deliveries (new records wake them at once). */
  WEBHOOK_POLL_MS: env.int(1_000, 10, 60_000),
  /**
   * How long settled outbox rows (delivered, dead-lettered, cancelled) and their attempts are kept; the
   * audit log keeps their outcome for good. Replays by time range reach back only this far.
   */
  DELIVERY_RETENTION_MS: env.int(7 * 86_400_000, 60_000, 3_650 * 86_400_000),
  /** How often the purge looks for rows past their retention; 0 turns it off on this instance. */
  DELIVERY_PURGE_INTERVAL_MS: env.int(600_000, 0, 86_400_000),
  /** Rows deleted per statement (each batch its own short transaction). */
  DELIVERY_PURGE_BATCH: env.int(1_000, 1, 100_000),
};
