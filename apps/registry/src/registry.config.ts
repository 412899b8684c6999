import {
  authEnv,
  databaseEnv,
  env,
  type EnvVar,
  httpEnv,
  InvalidEnvValue,
  kafkaEnv,
  loggingEnv,
} from '@app/core';
import { webhookAllowedHosts, webhookSecretKey } from '@app/webhook-policy';

const MIN_RETENTION_MS = 3_600_000;

/** Kafka retention.ms of new topics: -1 (forever) or at least one hour, as the catalogue table demands. */
const topicRetentionMs: EnvVar<number> = {
  expects: `-1 (keep forever) or an integer of at least ${MIN_RETENTION_MS} (one hour)`,
  defaultText: '604800000',
  parse(raw) {
    if (raw === undefined || raw.trim() === '') return 604_800_000;
    const text = raw.trim();
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || (value !== -1 && value < MIN_RETENTION_MS)) {
      throw new InvalidEnvValue(`got '${text}'`);
    }
    return value;
  },
};

export const registryConfigSpec = {
  REGISTRY_PORT: env.port(8081),
  ...httpEnv,
  ...loggingEnv,
  ...kafkaEnv,
  ...databaseEnv,
  ...authEnv,
  /** Partitions of a topic created without an explicit count. */
  TOPIC_DEFAULT_PARTITIONS: env.int(3, 1, 1000),
  TOPIC_DEFAULT_RETENTION_MS: topicRetentionMs,
  /** The furthest a subscription's expiry may lie in the future, in days (default two years). */
  SUBSCRIPTION_MAX_EXPIRY_DAYS: env.int(730, 1, 3650),
  /** How often lapsed subscriptions are marked `expired` (and audited); 0 turns the sweep off. */
  SUBSCRIPTION_EXPIRY_SWEEP_MS: env.int(60_000, 0, 86_400_000),
  WEBHOOK_ALLOWED_HOSTS: webhookAllowedHosts,
  /** Encrypts webhook signing secrets at rest (32 bytes, base64); the dispatcher needs the same value. */
  WEBHOOK_SECRET_KEY: webhookSecretKey,
  /** How long the previous webhook signing secret keeps signing after a rotation. */
  WEBHOOK_SECRET_OVERLAP_MS: env.int(86_400_000, 0, 30 * 86_400_000),
};
