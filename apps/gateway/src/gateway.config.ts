import { authEnv, databaseEnv, env, httpEnv, kafkaEnv, loggingEnv } from '@app/core';

export const gatewayConfigSpec = {
  GATEWAY_PORT: env.port(8080),
  ...httpEnv,
  ...loggingEnv,
  ...kafkaEnv,
  ...databaseEnv,
  ...authEnv,
  /** Most records in one publish request (the byte limit is HTTP_BODY_LIMIT). */
  PUBLISH_MAX_RECORDS: env.int(500, 1, 100_000),
  /** How long an accepted record id (or Idempotency-Key) is remembered. */
  IDEMPOTENCY_WINDOW_MS: env.int(24 * 3_600_000, 60_000, 30 * 24 * 3_600_000),
  /** How often topics, schemas and subscriptions are re-read. */
  CATALOGUE_REFRESH_MS: env.int(2_000, 100, 60_000),
  /** Pull API: records handed out stay invisible this long; unacknowledged ones then come back. */
  PULL_VISIBILITY_TIMEOUT_MS: env.int(30_000, 100, 12 * 3_600_000),
  /** Pull API: how often a long poll looks for new records while it waits. */
  PULL_POLL_INTERVAL_MS: env.int(250, 10, 5_000),
};
