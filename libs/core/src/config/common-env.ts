import { env } from './env';

/** Variables shared by several apps; each app spreads the groups it uses into its own spec. */
export const kafkaEnv = {
  KAFKA_BROKERS: env.hostPorts('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: env.string('penghubung'),
  /** How long an app keeps retrying its first connection before it exits non-zero. */
  KAFKA_CONNECT_TIMEOUT_MS: env.int(30_000, 1_000, 600_000),
  /** mtls: TLS with this app's client certificate (the broker's default); plaintext: development only. */
  KAFKA_SECURITY: env.oneOf(['mtls', 'plaintext'] as const, 'mtls'),
  /** Directory with `ca.crt` and this app's `penghubung-<app>.crt` / `.key` (as scripts/pki.sh writes it). */
  KAFKA_TLS_DIR: env.optionalPath(),
  /** Each overrides its file in KAFKA_TLS_DIR. */
  KAFKA_TLS_CA_FILE: env.optionalPath(),
  KAFKA_TLS_CERT_FILE: env.optionalPath(),
  KAFKA_TLS_KEY_FILE: env.optionalPath(),
};

export const databaseEnv = {
  DATABASE_URL: env.url('postgres://postgres@127.0.0.1:5432/penghubung', ['postgres', 'postgresql']),
  DATABASE_CONNECT_TIMEOUT_MS: env.int(30_000, 1_000, 600_000),
};

export const loggingEnv = {
  LOG_LEVEL: env.oneOf(['error', 'warn', 'info', 'debug'] as const, 'info'),
  LOG_FORMAT: env.oneOf(['json', 'pretty'] as const, 'json'),
};

export const httpEnv = {
  HTTP_BODY_LIMIT: env.bytes('1mb'),
  HTTP_HOST: env.string('127.0.0.1'),
};

export const authEnv = {
  /** Bootstrap admin key (at least 32 characters). Unset: only keys created through the API work. */
  ADMIN_API_KEY: env.optionalSecret(32),
  /** How long a verified API key is trusted from memory: revocations take effect within this time. */
  AUTH_CACHE_TTL_MS: env.int(5_000, 0, 300_000),
};
