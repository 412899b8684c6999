import { isIP } from 'node:net';
import { authEnv, databaseEnv, env, type EnvVar, httpEnv, kafkaEnv, loggingEnv } from '@app/core';
import { webhookSecretKey } from './webhook-secrets/webhook-secret-env';

/** A config problem whose message is printed as is (loadConfig prints `String(error)`). */
class ConfigValueError extends Error {
  override toString(): string {
    return this.message;
  }
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** One entry of WEBHOOK_ALLOWED_HOSTS: an exact host name, an IP address or a CIDR range. */
export type AllowedWebhookHost =
  | { kind: 'host'; host: string }
  | { kind: 'subnet'; address: string; prefix: number; family: 'ipv4' | 'ipv6' };

function parseAllowedHost(item: string): AllowedWebhookHost {
  const [address = '', prefixText, extra] = item.split('/');
  const version = isIP(address);
  if (version !== 0) {
    const max = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new ConfigValueError(`'${item}' is not an IP address or CIDR range`);
    }
    return { kind: 'subnet', address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
  }
  const host = item.toLowerCase();
  if (prefixText !== undefined || !HOSTNAME.test(host)) {
    throw new ConfigValueError(`'${item}' is not a host name, IP address or CIDR range`);
  }
  return { kind: 'host', host };
}

/**
 * Webhook destinations that may resolve into private networks (loopback, RFC 1918, link-local, ...):
 * comma-separated host names (exact match), IP addresses and CIDR ranges. Empty: none may.
 */
const webhookAllowedHosts: EnvVar<AllowedWebhookHost[]> = {
  expects: 'a comma-separated list of host names, IP addresses and CIDR ranges (may be empty)',
  defaultText: '(empty)',
  parse(raw) {
    if (raw === undefined || raw.trim() === '') return [];
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map(parseAllowedHost);
  },
};

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
      throw new ConfigValueError(`got '${text}'`);
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
